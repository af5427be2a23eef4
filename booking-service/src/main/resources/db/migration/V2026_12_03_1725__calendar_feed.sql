-- One private iCal feed per person (learner or trainer). Only the SHA-256 of the token is kept: a leaked database
-- does not hand out working feed URLs. A new feed replaces the old one (primary key on the user), revoking deletes it.
CREATE TABLE calendar_feed (
    user_id    uuid PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);
