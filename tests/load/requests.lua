-- Replays a request file written by PolicyPortal.LoadClient under wrk: one request a line, as method, path, Cookie
-- header and body, separated by tabs. Each of wrk's threads takes every n-th line, so no two threads send the same one
-- (a file of fewer lines than threads is sent whole by each).
--
--   wrk -t2 -c32 -d10s -s requests.lua https://127.0.0.1:5099 -- FILE THREADS STATUS MODE [LOCATION] [DELAY_MS]
--
-- STATUS is the only status that counts as success, and LOCATION, when given, what its Location header must start
-- with (a signature's receipt, not the sign-in page a stale cookie is sent to). MODE is "cycle" to go round the file
-- again and again, or "once" to send each line at most once (a signature) and count the lines sent twice if it runs
-- out. DELAY_MS holds each connection back between requests, to pace a background load. The last line wrk prints is
-- "RESULT name=value ...", for the scripts to read.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

local requests, position, wrapped, expected, expected_location, once = {}, 0, false, 0, nil, false
unexpected, repeated, shown = 0, 0, 0

function init(args)
  local file, thread_count = args[1], tonumber(args[2])
  expected, once = tonumber(args[3]), args[4] == "once"
  if args[5] and args[5] ~= "" then expected_location = args[5] end
  local pause = tonumber(args[6] or "0")
  if pause > 0 then
    function delay() return pause end
  end

  local lines = {}
  for line in io.lines(file) do table.insert(lines, line) end
  -- A file shorter than the thread count (one page asked again and again) is sent whole by every thread.
  local split = #lines >= thread_count
  for n, line in ipairs(lines) do
    if not split or (n - 1) % thread_count == index - 1 then
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if body ~= "" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
        body = nil
      end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
  end
  if #requests == 0 then
    io.stderr:write("requests.lua: thread " .. index .. " has no lines in " .. file .. "\n")
    os.exit(2)
  end
end

function request()
  position = position + 1
  if position > #requests then
    position, wrapped = 1, true
  end
  if once and wrapped then repeated = repeated + 1 end
  return requests[position]
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status ~= expected or (expected_location and location:sub(1, #expected_location) ~= expected_location) then
    unexpected = unexpected + 1
    if shown < 3 then
      shown = shown + 1
      io.stderr:write(string.format("unexpected response: %d %s\n", status, location))
    end
  end
end

function done(summary, latency, requests)
  local bad, again = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    again = again + thread:get("repeated")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f unexpected=%d socket_errors=%d repeated=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect + e.read + e.write + e.timeout, again))
end
