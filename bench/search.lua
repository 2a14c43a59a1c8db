-- wrk: GET /api/v1/search for common, rare and as-you-type queries, as random people.
dofile("bench/tokens.lua")
math.randomseed(11)
local queries = { "supplier", "forecast", "renewal+contract", "onboard", "latency", "su", "dash",
                  "kubernetes", "training+materials", "pilot" }
request = function()
  local q = queries[math.random(1, #queries)]
  return wrk.format("GET", "/api/v1/search?q=" .. q .. "&type=post", { ["Authorization"] = auth() })
end
