-- wrk script of bench/pages.py: POSTs one GraphQL request again and again and counts, per thread, the
-- answers that are not 200 and the 200s whose body holds "errors" (wrk itself counts both as
-- successes), and writes its summary as JSON to OUT. bench/pages.py puts the globals BODY (the request
-- body), AUTH (the Authorization header, or "") and OUT above this text.
wrk.method = "POST"
wrk.body = BODY
wrk.headers["Content-Type"] = "application/json"
if AUTH ~= "" then wrk.headers["Authorization"] = AUTH end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  responses, bad_status, bad_body = 0, 0, 0
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    bad_status = bad_status + 1
  elseif string.find(body, '"errors"', 1, true) then
    bad_body = bad_body + 1
  end
end

function done(summary, latency, requests)
  local n, bs, bb = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("responses")
    bs = bs + t:get("bad_status")
    bb = bb + t:get("bad_body")
  end
  local e = summary.errors
  local f = io.open(OUT, "w")
  f:write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"responses": %d, "bad_status": %d, "bad_body": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    n, bs, bb, e.connect, e.read, e.write, e.status, e.timeout))
  f:close()
end
