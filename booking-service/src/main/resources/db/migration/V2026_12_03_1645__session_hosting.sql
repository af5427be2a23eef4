-- A trainer hosting a session can't be booked one-to-one meanwhile (nor host two sessions at once): each session
-- has one "hosting" row in booking (no learner, the session's time), which the trainer's exclusion constraint now
-- counts beside one-to-one bookings. Seats (hosting false) still never conflict with each other.
ALTER TABLE booking ADD COLUMN hosting boolean NOT NULL DEFAULT false;
ALTER TABLE booking ADD CONSTRAINT booking_hosting_is_a_session CHECK (NOT hosting OR (session_id IS NOT NULL AND learner_id IS NULL));
ALTER TABLE booking DROP CONSTRAINT booking_trainer_overlap;
ALTER TABLE booking ADD CONSTRAINT booking_trainer_overlap EXCLUDE USING gist (trainer_id WITH =, blocked WITH &&)
    WHERE ((session_id IS NULL OR hosting) AND status IN ('HELD', 'CONFIRMED'));
