-- Shared resources (an exam room): admins publish when the room is open, trainers' mock exams occupy it. Two sessions
-- can't be in one room at once: an exclusion constraint over the room and the session's time, as for trainers'
-- agendas (a check before the insert would let two concurrent schedulings both pass).
CREATE TABLE shared_resource (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 3 AND 120),
    zone       text        NOT NULL,
    weekly     jsonb       NOT NULL,
    exceptions jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

ALTER TABLE session ADD COLUMN resource_id uuid REFERENCES shared_resource (id);
ALTER TABLE session ADD CONSTRAINT session_resource_overlap EXCLUDE USING gist
    (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (resource_id IS NOT NULL AND status = 'SCHEDULED');
