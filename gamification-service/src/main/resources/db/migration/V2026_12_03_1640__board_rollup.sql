-- The boards' rollup, kept in each award's transaction (and rebuilt with the totals): one row per learner and
-- period ('ALL', or 'W:2026-W48' for an ISO week). Read through the index in board order, so a top or a
-- neighbourhood reads a few index entries instead of aggregating the week's ledger (measured with 100,000 learners
-- and 1,000,000 awards: ARCHITECTURE.md, "Gamification").
CREATE TABLE board_score (
    period     text    NOT NULL,
    learner_id uuid    NOT NULL,
    xp         bigint  NOT NULL CHECK (xp >= 0),
    hidden     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (period, learner_id)
);
CREATE INDEX board_score_order ON board_score (period, xp DESC, learner_id) WHERE NOT hidden AND xp > 0;
CREATE INDEX board_score_learner ON board_score (learner_id);

-- the boards read board_score now
DROP INDEX learner_board_all_time;

-- learners who already earned XP: their rows from the ledger
INSERT INTO board_score (period, learner_id, xp, hidden)
SELECT p.period, a.learner_id, sum(a.xp), bool_or(l.hidden_from_boards)
FROM xp_award a JOIN learner l USING (learner_id)
CROSS JOIN LATERAL (VALUES ('ALL'), ('W:' || a.iso_week)) p(period)
WHERE a.xp > 0 GROUP BY p.period, a.learner_id;
