-- wrk: GET /api/v1/feed?limit=20 as a random person of the token file.
dofile("bench/tokens.lua")
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/v1/feed?limit=20", { ["Authorization"] = auth() })
end
