-- The platform's view of a person; the account itself (password, sessions) lives in Keycloak.
CREATE TABLE learner_profile (
    user_id                   uuid PRIMARY KEY,          -- Keycloak subject
    email                     text        NOT NULL UNIQUE,
    display_name              text        NOT NULL CHECK (char_length(display_name) BETWEEN 2 AND 80),
    phone                     text,
    region                    text CHECK (region ~ '^(0[1-9]|1[0-9]|[3-8][0-9]|9[0-5]|2[1-9]|2A|2B|97[1-6])$'),
    target_qualification      text CHECK (target_qualification IN ('CAP_MV', 'BAC_PRO_MV', 'BTS_MV', 'TITRE_PRO', 'RECONVERSION')),
    specialities              text[]      NOT NULL DEFAULT '{}',
    weekly_availability_hours integer CHECK (weekly_availability_hours BETWEEN 0 AND 60),
    company                   text,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    revision                  bigint      NOT NULL CHECK (revision >= 1)
);
