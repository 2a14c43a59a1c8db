-- wrk script: GET /api/v1/people/{id} for random ids, authenticated with a bearer token.
-- Environment: WEFT_TOKEN, WEFT_PEOPLE (highest id).
local token = os.getenv("WEFT_TOKEN")
local people = tonumber(os.getenv("WEFT_PEOPLE") or "1000")
math.randomseed(42)
request = function()
  local id = math.random(1, people)
  return wrk.format("GET", "/api/v1/people/" .. id, { ["Authorization"] = "Bearer " .. token })
end
