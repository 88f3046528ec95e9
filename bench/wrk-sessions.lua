-- wrk script for bench/tracker-load.sh: many logged-in users in one closed loop.
--
--   wrk -t1 -c200 -d20s --latency -s bench/wrk-sessions.lua http://HOST:PORT -- SESSIONS PATH...
--
-- SESSIONS is the file written by `examples/load seed` (one "TOKEN CSRF CIDS" line a user).
-- Request n carries session n mod #SESSIONS and asks for PATH (n div #SESSIONS) mod #PATHS:
-- every user in turn, each round of users on the next page. At the end it prints one parseable line:
--   wrk: requests N errors E p50 X p90 Y p99 Z max M (ms)
-- where E counts socket errors and answers >= 400. wrk does not count a redirect (303 to the
-- login page, for a session that has ended) as an error, and reading each body into Lua to
-- check would cost the load generator more than the server; tracker-load.sh checks instead
-- that every session is served 200 before and after the run.
local sessions, paths, i = {}, {}, 0

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)")
    if token then sessions[#sessions + 1] = token end
  end
  for k = 2, #args do paths[#paths + 1] = args[k] end
  if #sessions == 0 or #paths == 0 then
    error("wrk-sessions.lua: usage: -- SESSIONS_FILE PATH...")
  end
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(math.floor(i / #sessions) % #paths) + 1],
    { ["Cookie"] = "zb_session=" .. sessions[(i % #sessions) + 1] })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk: requests %d errors %d p50 %.2f p90 %.2f p99 %.2f max %.2f (ms)\n",
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
