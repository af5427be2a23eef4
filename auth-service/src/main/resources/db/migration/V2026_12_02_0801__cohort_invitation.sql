-- A trainer's invitation to a cohort. Membership (and with it the trainer's view of the learner's profile and
-- progress) starts only when the learner accepts; until then the trainer learns nothing of them, not even whether
-- the address or id they typed belongs to anyone. Admins may still add a learner directly (cohort_member).
CREATE TABLE cohort_invitation (
    cohort_id   uuid        NOT NULL REFERENCES cohort (id),
    user_id     uuid        NOT NULL,
    invited_by  uuid        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')),
    invited_at  timestamptz NOT NULL,
    answered_at timestamptz,
    PRIMARY KEY (cohort_id, user_id),
    CHECK ((status = 'PENDING') = (answered_at IS NULL))
);
CREATE INDEX cohort_invitation_pending ON cohort_invitation (user_id) WHERE status = 'PENDING';
