-- wrk script for benchmarks/heartbeats.sh: each request is one player's heartbeat. Learners take turns (one token,
-- one playback session and one device clock each), so every heartbeat updates its own learner's progress row, as
-- 30,000 viewers at one heartbeat every 10 s would, rather than hammering a single row. Each wrk thread drives its
-- own share of the learners, so a learner's device clock only ever moves forward.
local next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local mine = {}
local counters = {}
local lesson = os.getenv("BENCH_LESSON")
local start_ms = os.time() * 1000
local turn = 0

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    index = index + 1
    if (index - 1) % threads == thread_id then
      mine[#mine + 1] = { token = line, number = index }
    end
  end
end

local function iso(ms)
  return os.date("!%Y-%m-%dT%H:%M:%S", math.floor(ms / 1000)) .. string.format(".%03dZ", ms % 1000)
end

request = function()
  turn = turn + 1
  local learner = mine[(turn % #mine) + 1]
  local n = (counters[learner.number] or 0) + 1
  counters[learner.number] = n
  -- a heartbeat every 50 ms of device time (the device clock must not outrun the real one by the 5 min the service
  -- tolerates), the video playing at normal speed, looping within its first 50 s
  local position = (n * 0.05) % 50
  local body = string.format(
    '{"sessionId":"00000000-0000-4000-8000-%012d","positionSeconds":%.1f,"playing":true,"playbackRate":1,"clientAt":"%s"}',
    learner.number, position, iso(start_ms + n * 50))
  return wrk.format("POST", "/api/progress/lessons/" .. lesson .. "/heartbeat",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. learner.token }, body)
end

-- The first refused heartbeat of each thread is shown, so a run with non-2xx answers says why.
local shown_failure = false

response = function(status, headers, body)
  if status ~= 200 and not shown_failure then
    shown_failure = true
    io.stderr:write(string.format("heartbeat refused with %d: %s\n", status, body))
  end
end
