-- A trainer's group of learners, mirrored from a Keycloak group (same id), so authorization checks are local.
CREATE TABLE cohort (
    id         uuid PRIMARY KEY,             -- the Keycloak group's id
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 2 AND 80),
    trainer_id uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (trainer_id, name)
);

CREATE TABLE cohort_member (
    cohort_id uuid        NOT NULL REFERENCES cohort (id),
    user_id   uuid        NOT NULL,
    added_at  timestamptz NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_member_user ON cohort_member (user_id);
