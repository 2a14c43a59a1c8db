-- wrk: PUT /api/v1/proposals/{WEFT_PROPOSAL}/stance as random voters with random stances.
dofile("bench/tokens.lua")
math.randomseed(19)
local stances = { "agree", "agree", "agree", "abstain", "disagree" }
local proposal = os.getenv("WEFT_PROPOSAL")
request = function()
  local body = '{"stance":"' .. stances[math.random(1, #stances)] .. '","reason":"benchmark"}'
  return wrk.format("PUT", "/api/v1/proposals/" .. proposal .. "/stance",
                    { ["Authorization"] = auth(), ["Content-Type"] = "application/json" }, body)
end
