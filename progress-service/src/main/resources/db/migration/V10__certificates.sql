-- Course certificates: W3C Verifiable Credentials (Open Badges 3.0) signed with the platform's Ed25519 key.
-- The row may change (revocation; erasure of the holder's data), the log below never does.
CREATE TABLE certificate (
    certificate_id    uuid PRIMARY KEY,
    learner_id        uuid,                 -- null once the holder's account is erased
    course_id         uuid        NOT NULL,
    course_title      text        NOT NULL,
    holder_name       text,                 -- null when unknown at issue, or erased
    credential_jws    text,                 -- the signed credential; null once erased (the holder's copy still verifies)
    credential_hash   bytea       NOT NULL UNIQUE CHECK (length(credential_hash) = 32),  -- SHA-256 of the JWS
    log_index         bigint      NOT NULL UNIQUE,
    completed_at      timestamptz NOT NULL,
    issued_at         timestamptz NOT NULL,
    revoked_at        timestamptz,
    revocation_reason text CHECK (revocation_reason IN ('ISSUED_IN_ERROR', 'FRAUD', 'COURSE_WITHDRAWN', 'OTHER')),
    revocation_note   text,
    revoked_by        uuid,
    erased_at         timestamptz,
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
    CHECK (erased_at IS NULL OR (learner_id IS NULL AND holder_name IS NULL AND credential_jws IS NULL))
);
-- one certificate per learner and course, whatever happens to the inbox
CREATE UNIQUE INDEX certificate_learner_course ON certificate (learner_id, course_id);
CREATE INDEX certificate_revoked ON certificate (revoked_at) WHERE revoked_at IS NOT NULL;

-- The append-only log (RFC 9162 hashing): leaf i holds SHA-256(0x00 ‖ SHA-256(JWS of a certificate)).
CREATE TABLE certificate_log_leaf (
    leaf_index     bigint PRIMARY KEY CHECK (leaf_index >= 0),
    certificate_id uuid        NOT NULL UNIQUE,
    leaf_hash      bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    appended_at    timestamptz NOT NULL
);

-- Every signed tree head, one per size the log has had: old proofs stay checkable against the head they were made for.
CREATE TABLE certificate_tree_head (
    tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
    root_hash  bytea       NOT NULL CHECK (length(root_hash) = 32),
    signed_at  timestamptz NOT NULL,
    signature  text        NOT NULL       -- compact JWS over {treeSize, rootHash, timestamp}
);

-- The log's right edge and its size. Appenders lock this single row, which serialises appends; the next root is
-- computed from it without reading the leaves back. frontier: 32 bytes per height (the root of the perfect subtree
-- of that height when the size has that bit set, zeros otherwise), lowest height first.
CREATE TABLE certificate_log_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    size      bigint  NOT NULL CHECK (size >= 0),
    frontier  bytea   NOT NULL CHECK (length(frontier) % 32 = 0)
);
INSERT INTO certificate_log_state (singleton, size, frontier) VALUES (true, 0, ''::bytea);

CREATE FUNCTION certificate_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'le journal des certificats est en ajout seul : % refusé sur %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER certificate_log_leaf_append_only BEFORE UPDATE OR DELETE ON certificate_log_leaf
    FOR EACH ROW EXECUTE FUNCTION certificate_log_refuse_change();
CREATE TRIGGER certificate_log_leaf_no_truncate BEFORE TRUNCATE ON certificate_log_leaf
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_log_refuse_change();
CREATE TRIGGER certificate_tree_head_append_only BEFORE UPDATE OR DELETE ON certificate_tree_head
    FOR EACH ROW EXECUTE FUNCTION certificate_log_refuse_change();
CREATE TRIGGER certificate_tree_head_no_truncate BEFORE TRUNCATE ON certificate_tree_head
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_log_refuse_change();
