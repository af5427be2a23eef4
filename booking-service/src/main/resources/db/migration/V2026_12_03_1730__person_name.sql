-- The names printed on attendance certificates. Bookings carry ids only; a person's display name is remembered from
-- their own token when they book, give a session's attendance or ask for a certificate (the latest one wins).
-- UserDeleted deletes the row: certificates made afterwards name nobody.
CREATE TABLE person_name (
    user_id    uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    updated_at timestamptz NOT NULL
);
