-- Internship offers (stages entreprises) published by partner companies, learners' applications, and what matching
-- needs to know of learners, heard from other services' events (booking-service calls nobody to rank offers).

CREATE TABLE internship_offer (
    id              uuid PRIMARY KEY,
    -- the Keycloak subject of the partner's service account: only it decides on the offer's applications
    partner_id      uuid NOT NULL,
    title           text NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
    description     text CHECK (length(description) <= 4000),
    trade           text NOT NULL,
    qualification   text,
    departement     text NOT NULL,
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    required_skills text[] NOT NULL DEFAULT '{}',
    places          integer NOT NULL,
    places_taken    integer NOT NULL DEFAULT 0,
    published_at    timestamptz NOT NULL,
    CONSTRAINT internship_offer_places CHECK (places BETWEEN 1 AND 100),
    -- the last place goes to one acceptance only: the conditional update and this check both say so
    CONSTRAINT internship_places_within_offer CHECK (places_taken BETWEEN 0 AND places),
    CONSTRAINT internship_offer_dates CHECK (ends_on >= starts_on)
);
CREATE INDEX internship_offer_partner ON internship_offer (partner_id, starts_on);
CREATE INDEX internship_offer_upcoming ON internship_offer (starts_on);

CREATE TABLE internship_application (
    id          uuid PRIMARY KEY,
    offer_id    uuid NOT NULL REFERENCES internship_offer (id),
    -- null once the learner's account was erased (UserDeleted)
    learner_id  uuid,
    motivation  text CHECK (length(motivation) <= 2000),
    status      text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')),
    applied_at  timestamptz NOT NULL,
    decided_at  timestamptz,
    -- why the learner was shown the offer when they applied, for the partner
    reasons     text[] NOT NULL DEFAULT '{}',
    CONSTRAINT internship_one_application_per_learner UNIQUE (offer_id, learner_id)
);
CREATE INDEX internship_application_learner ON internship_application (learner_id);

-- The learner's profile as auth-service announces it (UserRegistered, UserProfileUpdated): the newest revision wins.
CREATE TABLE internship_learner_profile (
    user_id              uuid PRIMARY KEY,
    departement          text,
    target_qualification text,
    specialities         text[] NOT NULL DEFAULT '{}',
    revision             bigint NOT NULL
);

-- Each course's skills as catalog-service announces them (catalog.course.v1): the newest revision wins.
CREATE TABLE internship_course_skills (
    course_id uuid PRIMARY KEY,
    skills    text[] NOT NULL DEFAULT '{}',
    revision  bigint NOT NULL
);

-- Certificates progress-service issued (and revoked): a certified course proves its skills.
CREATE TABLE internship_certificate (
    certificate_id uuid PRIMARY KEY,
    learner_id     uuid,
    course_id      uuid NOT NULL,
    issued_at      timestamptz NOT NULL,
    revoked_at     timestamptz
);
CREATE INDEX internship_certificate_learner ON internship_certificate (learner_id);
