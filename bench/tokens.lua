-- Shared by the wrk scripts: bearer tokens from the file named by WEFT_TOKENS.
tokens = {}
for line in io.lines(os.getenv("WEFT_TOKENS")) do tokens[#tokens + 1] = line end
function auth() return "Bearer " .. tokens[math.random(1, #tokens)] end
