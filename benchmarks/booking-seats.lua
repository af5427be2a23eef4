-- wrk script for benchmarks/booking.sh: each request takes a seat in the next session of the file named by
-- SESSIONS (one id a line), the threads sharing the file out between them (WRK_THREADS: wrk's -t), so every
-- request is a booking that succeeds. A thread that has booked all its sessions repeats its last one: that
-- answers 409, and the script then declares the run invalid (too few sessions for the duration).
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
end

function init(args)
  local count = tonumber(os.getenv("WRK_THREADS"))
  sessions = {}
  local line_number = 0
  for id in io.lines(os.getenv("SESSIONS")) do
    line_number = line_number + 1
    -- the threads are numbered from 1 in setup; a thread keeps every count-th session
    if (line_number - index) % count == 0 then
      table.insert(sessions, id)
    end
  end
  next_session = 1
end

function request()
  local id = sessions[math.min(next_session, #sessions)]
  next_session = next_session + 1
  return wrk.format("POST", "/api/booking/sessions/" .. id .. "/seat")
end
