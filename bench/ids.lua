-- Shared by the wrk scripts: ids from the file named by WEFT_IDS, and a path template.
dofile("bench/tokens.lua")
ids = {}
for line in io.lines(os.getenv("WEFT_IDS")) do ids[#ids + 1] = line end
local template = os.getenv("WEFT_PATH")  -- e.g. /api/v1/problems/{id}
math.randomseed(17)
request = function()
  local path = string.gsub(template, "{id}", ids[math.random(1, #ids)])
  return wrk.format("GET", path, { ["Authorization"] = auth() })
end
