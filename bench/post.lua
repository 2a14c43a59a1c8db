-- wrk: POST /api/v1/posts (a public post with a topic and a mention) as random people.
dofile("bench/tokens.lua")
math.randomseed(13)
local n = 0
request = function()
  n = n + 1
  local body = '{"body":"Benchmark post ' .. n .. ' about #load-testing for @member","audience":"public"}'
  return wrk.format("POST", "/api/v1/posts",
                    { ["Authorization"] = auth(), ["Content-Type"] = "application/json" }, body)
end
