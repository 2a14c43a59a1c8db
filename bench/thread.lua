-- wrk: a conversation page as the web UI loads it, for threads listed in WEFT_THREADS (root ids).
-- WEFT_THREAD_MODE=thread: one GET /api/v1/posts/{id}/thread?limit=100 per page.
-- WEFT_THREAD_MODE=pair: GET /api/v1/posts/{id} then GET /api/v1/posts/{id}/replies?limit=100 (two
-- requests a page, as before the thread endpoint). Pages/s = requests/s in thread mode, half in pair.
dofile("bench/tokens.lua")
math.randomseed(11)
local threads = {}
for line in io.lines(os.getenv("WEFT_THREADS")) do threads[#threads + 1] = line end
local mode = os.getenv("WEFT_THREAD_MODE") or "thread"
local second = nil
request = function()
  if second then
    local path = second
    second = nil
    return wrk.format("GET", path, { ["Authorization"] = auth() })
  end
  local id = threads[math.random(#threads)]
  if mode == "pair" then
    second = "/api/v1/posts/" .. id .. "/replies?limit=100"
    return wrk.format("GET", "/api/v1/posts/" .. id, { ["Authorization"] = auth() })
  end
  return wrk.format("GET", "/api/v1/posts/" .. id .. "/thread?limit=100", { ["Authorization"] = auth() })
end
