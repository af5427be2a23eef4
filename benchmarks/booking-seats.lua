-- wrk script for benchmarks/booking.sh: each request takes a seat in the next session of the file named by
-- SESSIONS (one id a line), the threads sharing the file out between them; a thread stops once its share is booked,
-- so every request is a booking that succeeds and the run ends when all are made. WRK_THREADS: wrk's -t.
-- At the very end a connection whose thread has nothing left to book reads the thread's last session instead
-- (GET, 200): at most one request per connection, beside the bookings.
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
  answered = 0
end

function request()
  local id = sessions[next_session]
  if id == nil then
    -- past its share: nothing more to book (wrk asks for a request per open connection)
    return wrk.format("GET", "/api/booking/sessions/" .. sessions[#sessions])
  end
  next_session = next_session + 1
  return wrk.format("POST", "/api/booking/sessions/" .. id .. "/seat")
end

function response(status, headers, body)
  -- a booking answers 201 (or an error); the reads past the end answer 200
  if status ~= 200 then
    answered = answered + 1
  end
  if answered >= #sessions then
    wrk.thread:stop()
  end
end
