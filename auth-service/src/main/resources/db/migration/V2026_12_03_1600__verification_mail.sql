-- Verification e-mails still to send. Registration writes the row in the transaction that creates the profile and
-- answers at once; a poller asks Keycloak to send the mail afterwards, retrying with backoff while the mail server
-- or Keycloak is unavailable. Sending inside the request made registration as slow as Keycloak's SMTP exchange
-- (beyond the gateway's timeout on a busy machine), and a mail lost to a crash was never sent again.
CREATE TABLE verification_mail (
    user_id         uuid        PRIMARY KEY REFERENCES learner_profile (user_id) ON DELETE CASCADE,
    requested_at    timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    -- a claimed row belongs to one instance until its lease ends (a crashed instance's rows are taken over)
    claimed_until   timestamptz,
    last_error      text
);
CREATE INDEX verification_mail_due ON verification_mail (next_attempt_at);
