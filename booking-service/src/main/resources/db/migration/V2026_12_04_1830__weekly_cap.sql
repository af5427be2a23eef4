-- A cap of meetings per ISO week (Monday to Sunday in the availability's zone), beside the daily one. Counted like the
-- daily cap: inside the booking's transaction, under the availability row's lock.
ALTER TABLE availability ADD COLUMN weekly_cap integer CHECK (weekly_cap BETWEEN 1 AND 336);
