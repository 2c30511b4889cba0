-- wrk script of bench/httpbench.py: each thread (one connection) replays its own list of
-- prepared requests (written by httpbench as $BENCH_REQUESTS/thread-<n>.lua) and writes one
-- line per response to $BENCH_REQUESTS/samples-<n>.txt: kind, status, latency in µs, and when
-- the request was sent (µs of the monotonic clock).
-- A list entry is {kind, method, path, headers, once, body}; once-entries (POSTs) are sent on
-- the first lap through the list only; a line "lap" marks a thread that ran out of them.
-- (Threads write their own files: thread:get() of Debian's wrk crashes in done().)
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local folder = os.getenv("BENCH_REQUESTS")
  local list = dofile(folder .. "/thread-" .. id .. ".lua")
  reqs = {}
  for i, r in ipairs(list) do
    reqs[i] = {kind = r[1], once = r[5], raw = wrk.format(r[2], r[3], r[4], r[6])}
  end
  out = io.open(folder .. "/samples-" .. id .. ".txt", "w")
  out:setvbuf("line")
  position = 0
  laps = 0
  current = nil
  started = 0
end

function request()
  repeat
    position = position + 1
    if position > #reqs then
      position = 1
      laps = laps + 1
      if laps == 1 then out:write("lap\n") end
    end
  until laps == 0 or not reqs[position].once
  current = reqs[position]
  started = now_us()
  return current.raw
end

function response(status, headers, body)
  out:write(current.kind, " ", status, " ", string.format("%.0f %.0f", now_us() - started, started),
            "\n")
end

function done(summary, latency, requests)
  local result = io.open(os.getenv("BENCH_REQUESTS") .. "/duration.txt", "w")
  result:write(summary.duration, "\n")
  result:close()
end
