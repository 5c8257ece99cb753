-- Request script for wrk: cycles through the requests listed in a file, one per line as
-- METHOD<TAB>PATH, and prints the results as one JSON line when the run is done.
-- The Authorization header comes from the BENCH_AUTHORIZATION environment variable.
-- Usage: wrk ... -s bench/wrk-requests.lua URL -- REQUESTS_FILE

local prepared = {}
local position = 0

function init(args)
  local headers = {}
  local authorization = os.getenv("BENCH_AUTHORIZATION")
  if authorization ~= nil and authorization ~= "" then
    headers["Authorization"] = authorization
  end
  for line in io.lines(args[1]) do
    local method, path = line:match("^(%u+)\t(.+)$")
    if method ~= nil then
      -- Formatting every request once here keeps request() cheap.
      prepared[#prepared + 1] = wrk.format(method, path, headers)
    end
  end
  if #prepared == 0 then
    error("no METHOD<TAB>PATH line in " .. args[1])
  end
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,' ..
      '"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency:percentile(50), latency:percentile(99),
    latency.max))
end
