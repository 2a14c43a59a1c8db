-- wrk: POST /api/v1/session as random demo people (argon2id verification on every request).
math.randomseed(7)
local emails = {}
for line in io.lines(os.getenv("WEFT_EMAILS")) do emails[#emails + 1] = line end
request = function()
  local email = emails[math.random(#emails)]
  local body = '{"email":"' .. email .. '","password":"weft-demo"}'
  return wrk.format("POST", "/api/v1/session", { ["Content-Type"] = "application/json" }, body)
end
