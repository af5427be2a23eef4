-- Who did what to whom, and when. Append-only: the database itself refuses to change or remove an entry.
CREATE TABLE audit_entry (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor_id   uuid        NOT NULL,
    action     text        NOT NULL,
    subject_id uuid        NOT NULL,
    details    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entry_subject ON audit_entry (subject_id, at);

CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only';
END;
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();

-- An erased account keeps its row (ids stay unique, audit keeps its subject) but nothing that identifies the person.
ALTER TABLE learner_profile ADD COLUMN erased_at timestamptz;
