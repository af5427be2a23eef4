-- Who recorded a presence: the trainer (or an admin) marking it, or the learner signing in during the session window.
-- Funders read it on the attendance certificate. Presences recorded before this were all the trainer's.
ALTER TABLE booking ADD COLUMN attendance_method text CHECK (attendance_method IN ('TRAINER', 'ADMIN', 'LEARNER'));
UPDATE booking SET attendance_method = 'TRAINER' WHERE attendance_recorded_at IS NOT NULL;
ALTER TABLE booking ADD CONSTRAINT booking_attendance_method_recorded
    CHECK ((attendance_method IS NULL) = (attendance_recorded_at IS NULL));
