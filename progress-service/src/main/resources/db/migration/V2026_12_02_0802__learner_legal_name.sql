-- The learner's verified legal name, from auth-service's identity events (LearnerProfileSnapshot.legalName): the name
-- a certificate carries. The display name is the learner's own choice and stays for screens only. Null until an
-- event with it arrives; UserDeleted removes the row, and the name with it.
ALTER TABLE learner ADD COLUMN legal_name text;
