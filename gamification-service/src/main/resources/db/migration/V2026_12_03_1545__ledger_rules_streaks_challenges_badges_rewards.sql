-- Rules are data: every publication is a new version, the highest one is in force. Older versions stay, so each award
-- names the rule version that earned it and a change of rules never rewrites the past.
CREATE TABLE rule_set (
    version          integer PRIMARY KEY CHECK (version >= 1),
    published_at     timestamptz NOT NULL,
    published_by     uuid,
    -- the published level curve: level n starts at level_thresholds[n] cumulative XP (level 1 at 0)
    level_thresholds integer[] NOT NULL CHECK (level_thresholds[1] = 0 AND cardinality(level_thresholds) BETWEEN 2 AND 100)
);

CREATE TABLE xp_rule (
    version             integer NOT NULL REFERENCES rule_set,
    code                text    NOT NULL CHECK (code ~ '^[a-z0-9_]{2,60}$'),
    trigger             text    NOT NULL CHECK (trigger IN ('LESSON_COMPLETED', 'QUIZ_PASSED', 'QUIZ_PERFECT',
                                                            'COURSE_COMPLETED', 'CERTIFICATE_ISSUED')),
    xp                  integer NOT NULL CHECK (xp BETWEEN 0 AND 10000),
    -- awards of this rule per local calendar day of the learner; null: no cap
    daily_cap           integer CHECK (daily_cap BETWEEN 1 AND 1000),
    -- video lessons: a completion with fewer distinct seconds really watched (progress-service's watchedSeconds)
    -- earns nothing
    min_watched_seconds double precision CHECK (min_watched_seconds >= 0),
    PRIMARY KEY (version, code)
);

INSERT INTO rule_set (version, published_at, level_thresholds)
VALUES (1, '2026-12-03T15:45:00Z', '{0,100,250,500,1000,1750,2750,4000,5500,7500,10000,13000,16500,20500,25000}');
INSERT INTO xp_rule (version, code, trigger, xp, daily_cap, min_watched_seconds) VALUES
    (1, 'lesson_completed', 'LESSON_COMPLETED', 10, 30, 1),
    (1, 'quiz_passed', 'QUIZ_PASSED', 20, 20, NULL),
    (1, 'quiz_perfect', 'QUIZ_PERFECT', 30, 10, NULL),
    (1, 'course_completed', 'COURSE_COMPLETED', 200, NULL, NULL),
    (1, 'certificate_issued', 'CERTIFICATE_ISSUED', 100, NULL, NULL);

-- What a learner holds here. total_xp and level are derived from the ledger (kept in the award's transaction,
-- rebuilt by the admin rebuild); spent_xp from redemptions. The CHECK is what makes concurrent redemptions safe.
CREATE TABLE learner (
    learner_id         uuid PRIMARY KEY,
    total_xp           bigint  NOT NULL DEFAULT 0 CHECK (total_xp >= 0),
    spent_xp           bigint  NOT NULL DEFAULT 0 CHECK (spent_xp >= 0),
    level              integer NOT NULL DEFAULT 1 CHECK (level >= 1),
    hidden_from_boards boolean NOT NULL DEFAULT false,
    CONSTRAINT learner_balance_never_negative CHECK (spent_xp <= total_xp)
);

-- The learner's zone over time: an activity's calendar day is read in the zone the learner had at its time.
CREATE TABLE learner_zone (
    learner_id     uuid        NOT NULL,
    effective_from timestamptz NOT NULL,
    zone           text        NOT NULL,
    PRIMARY KEY (learner_id, effective_from)
);

-- Erased accounts (UserDeleted): a late or replayed event of theirs awards nothing and recreates nothing.
CREATE TABLE erased_learner (
    learner_id uuid PRIMARY KEY,
    erased_at  timestamptz NOT NULL
);

-- The ledger. source_event is the natural key of what caused the award (lesson-completed:<lessonId>,
-- quiz-passed:<lessonId>, challenge:<code>:<period>…), not the CloudEvent id: a redelivery, a replay from the topic's
-- beginning or the producer re-publishing with a new id all meet the same key, and a lesson completed twice or a quiz
-- passed again earns once. A capped award is kept with 0 XP so the history says why nothing was earned.
CREATE TABLE xp_award (
    award_id     uuid PRIMARY KEY,
    learner_id   uuid        NOT NULL,
    rule         text        NOT NULL,
    rule_version integer,
    source_event text        NOT NULL,
    xp           integer     NOT NULL CHECK (xp >= 0),
    capped       boolean     NOT NULL DEFAULT false,
    occurred_at  timestamptz NOT NULL,
    local_day    date        NOT NULL,
    iso_week     text        NOT NULL,
    awarded_at   timestamptz NOT NULL,
    CONSTRAINT xp_award_once UNIQUE (learner_id, source_event, rule)
);
CREATE INDEX xp_award_learner_rule_day ON xp_award (learner_id, rule, local_day);
CREATE INDEX xp_award_week ON xp_award (iso_week, learner_id) WHERE xp > 0;

-- First time per object: what the learner finished, once each.
CREATE TABLE completed_lesson (
    learner_id   uuid        NOT NULL,
    lesson_id    uuid        NOT NULL,
    course_id    uuid        NOT NULL,
    completed_at timestamptz NOT NULL,
    qualified    boolean     NOT NULL,
    PRIMARY KEY (learner_id, lesson_id)
);
CREATE TABLE completed_course (
    learner_id   uuid        NOT NULL,
    course_id    uuid        NOT NULL,
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (learner_id, course_id)
);

-- Courses as catalog.course.v1 describes them (category for the "all courses of a field" badges).
CREATE TABLE course (
    course_id uuid PRIMARY KEY,
    category  text   NOT NULL,
    status    text   NOT NULL,
    revision  bigint NOT NULL
);

-- Streaks: the learner's active local days; a freeze covers one missed day.
CREATE TABLE activity_day (
    learner_id uuid        NOT NULL,
    day        date        NOT NULL,
    zone       text        NOT NULL,
    first_at   timestamptz NOT NULL,
    PRIMARY KEY (learner_id, day)
);
CREATE TABLE streak_freeze (
    freeze_id   uuid PRIMARY KEY,
    learner_id  uuid        NOT NULL,
    source_key  text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    used_on     date,
    CONSTRAINT streak_freeze_once UNIQUE (learner_id, source_key),
    CONSTRAINT streak_freeze_one_per_day UNIQUE (learner_id, used_on)
);

CREATE TABLE challenge (
    code   text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,60}$'),
    title  text    NOT NULL,
    period text    NOT NULL CHECK (period IN ('DAY', 'WEEK', 'MONTH')),
    metric text    NOT NULL CHECK (metric IN ('LESSONS', 'COURSES')),
    target integer NOT NULL CHECK (target >= 1),
    xp     integer NOT NULL CHECK (xp >= 0)
);
INSERT INTO challenge (code, title, period, metric, target, xp) VALUES
    ('daily_lesson', 'Défi du jour : une leçon', 'DAY', 'LESSONS', 1, 50),
    ('weekly_lessons', 'Défi de la semaine : cinq leçons', 'WEEK', 'LESSONS', 5, 300),
    ('monthly_course', 'Défi du mois : une formation complète', 'MONTH', 'COURSES', 1, 1000);

-- period_key: 2026-11-26, 2026-W48 (ISO week, Monday to Sunday) or 2026-11, in the learner's zone
CREATE TABLE challenge_progress (
    learner_id   uuid    NOT NULL,
    challenge    text    NOT NULL REFERENCES challenge,
    period_key   text    NOT NULL,
    progress     integer NOT NULL CHECK (progress >= 0),
    completed_at timestamptz,
    PRIMARY KEY (learner_id, challenge, period_key)
);

CREATE TABLE badge (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,60}$'),
    title       text    NOT NULL,
    description text    NOT NULL,
    xp          integer NOT NULL CHECK (xp >= 0),
    criterion   text    NOT NULL CHECK (criterion IN ('COURSES_COMPLETED', 'LESSONS_COMPLETED', 'STREAK_DAYS',
                                                      'PERFECT_QUIZ', 'ALL_COURSES_OF_CATEGORY')),
    threshold   integer NOT NULL DEFAULT 1 CHECK (threshold >= 1),
    category    text,
    CHECK ((criterion = 'ALL_COURSES_OF_CATEGORY') = (category IS NOT NULL))
);
INSERT INTO badge (code, title, description, xp, criterion, threshold, category) VALUES
    ('first_course', 'Premier Cours', 'Une première formation terminée.', 100, 'COURSES_COMPLETED', 1, NULL),
    ('week_streak', 'Assidu', 'Sept jours d''affilée à apprendre.', 250, 'STREAK_DAYS', 7, NULL),
    ('month_streak', 'Infatigable', 'Trente jours d''affilée à apprendre.', 1000, 'STREAK_DAYS', 30, NULL),
    ('perfect_quiz', 'Sans faute', 'Un quiz réussi à 100 %.', 150, 'PERFECT_QUIZ', 1, NULL),
    ('fifty_lessons', 'Mains dans le cambouis', 'Cinquante leçons terminées.', 300, 'LESSONS_COMPLETED', 50, NULL),
    ('expert_electric', 'Expert Électrique', 'Toutes les formations d''électricité terminées.', 500, 'ALL_COURSES_OF_CATEGORY', 1, 'ELECTRICITE'),
    ('expert_brakes', 'Expert Freinage', 'Toutes les formations de freinage terminées.', 500, 'ALL_COURSES_OF_CATEGORY', 1, 'FREINAGE'),
    ('expert_hybrid', 'Expert Hybride', 'Toutes les formations hybride et électrique terminées.', 500, 'ALL_COURSES_OF_CATEGORY', 1, 'HYBRIDE_ELECTRIQUE');

CREATE TABLE earned_badge (
    learner_id uuid        NOT NULL,
    badge      text        NOT NULL REFERENCES badge,
    earned_at  timestamptz NOT NULL,
    PRIMARY KEY (learner_id, badge)
);

CREATE TABLE reward (
    reward_id        uuid PRIMARY KEY,
    code             text    NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_]{2,60}$'),
    title            text    NOT NULL,
    kind             text    NOT NULL CHECK (kind IN ('DISCOUNT', 'EQUIPMENT', 'COACHING_HOUR', 'STREAK_FREEZE')),
    cost_xp          integer NOT NULL CHECK (cost_xp >= 1),
    percent_off      integer CHECK (percent_off BETWEEN 1 AND 100),
    amount_off_cents bigint CHECK (amount_off_cents >= 1),
    partner          text,
    -- null: unlimited; a redemption takes one, never below zero
    stock            integer CHECK (stock >= 0),
    active           boolean NOT NULL DEFAULT true,
    CHECK ((kind = 'DISCOUNT') = (percent_off IS NOT NULL OR amount_off_cents IS NOT NULL)),
    CHECK (percent_off IS NULL OR amount_off_cents IS NULL)
);
INSERT INTO reward (reward_id, code, title, kind, cost_xp, percent_off, amount_off_cents, partner, stock) VALUES
    ('0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e01', 'discount_10', 'Remise de 10 % sur une formation', 'DISCOUNT', 2000, 10, NULL, NULL, NULL),
    ('0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e02', 'discount_20_euros', 'Remise de 20 € sur une formation', 'DISCOUNT', 3500, NULL, 2000, NULL, NULL),
    ('0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e03', 'coaching_hour', 'Une heure de coaching offerte', 'COACHING_HOUR', 6000, NULL, NULL, NULL, NULL),
    ('0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e04', 'workshop_gloves', 'Gants d''atelier en nitrile (boîte de 100)', 'EQUIPMENT', 2500, NULL, NULL, 'Partenaire équipement', 200),
    ('0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e05', 'streak_freeze', 'Gel de série (un jour manqué pardonné)', 'STREAK_FREEZE', 200, NULL, NULL, NULL, NULL);

CREATE TABLE redemption (
    redemption_id uuid PRIMARY KEY,
    reward_id     uuid        NOT NULL REFERENCES reward,
    -- null once the account is erased: the count of redemptions outlives the person
    learner_id    uuid,
    cost_xp       integer     NOT NULL CHECK (cost_xp >= 1),
    redeemed_at   timestamptz NOT NULL
);
CREATE INDEX redemption_learner ON redemption (learner_id, redeemed_at);

-- Cohorts (identity.cohort.v1) for per-cohort leaderboards: its members and its trainer see it.
CREATE TABLE cohort (
    cohort_id  uuid PRIMARY KEY,
    name       text NOT NULL,
    trainer_id uuid NOT NULL
);
CREATE TABLE cohort_member (
    cohort_id  uuid NOT NULL,
    learner_id uuid NOT NULL,
    PRIMARY KEY (cohort_id, learner_id)
);
CREATE INDEX cohort_member_learner ON cohort_member (learner_id);

-- Leaderboards show display names (identity.user.v1), never learner ids; erased with the account.
CREATE TABLE learner_name (
    learner_id   uuid PRIMARY KEY,
    display_name text   NOT NULL,
    revision     bigint NOT NULL
);
CREATE INDEX learner_board_all_time ON learner (total_xp DESC, learner_id) WHERE NOT hidden_from_boards AND total_xp > 0;
