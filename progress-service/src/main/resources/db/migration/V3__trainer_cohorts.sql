-- identity.cohort.v1: which trainer follows which learner. A trainer sees the progress of their cohorts' learners and
-- of nobody else.
CREATE TABLE cohort_member (
    cohort_id   uuid        NOT NULL,
    cohort_name text        NOT NULL,
    trainer_id  uuid        NOT NULL,
    learner_id  uuid        NOT NULL,
    added_at    timestamptz NOT NULL,
    PRIMARY KEY (cohort_id, learner_id)
);
CREATE INDEX cohort_member_trainer ON cohort_member (trainer_id, learner_id);
CREATE INDEX cohort_member_learner ON cohort_member (learner_id);
