-- Shared by the wrk scripts: bearer tokens from the file named by WEFT_TOKENS.
tokens = {}
for line in io.lines(os.getenv("WEFT_TOKENS")) do tokens[#tokens + 1] = line end
function auth() return "Bearer " .. tokens[math.random(1, #tokens)] end
-- The tail past wrk's own 99%: printed after its report, read by bench/soak.sh.
function done(summary, latency, requests)
  io.write(string.format("tail: 99.9%% %.2fms 99.99%% %.2fms\n",
                         latency:percentile(99.9) / 1000, latency:percentile(99.99) / 1000))
end
