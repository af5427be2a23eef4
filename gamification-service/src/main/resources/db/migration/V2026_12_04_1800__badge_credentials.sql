-- Badges issued as Open Badges 3.0 credentials, signed with gamification-service's Ed25519 key and logged as
-- progress-service logs its certificates (libs/credentials: the same hashing, heads and proofs, these tables).
-- The row may change (revocation; erasure of the holder's data), the log below never does.
CREATE TABLE badge_credential (
    credential_id     uuid PRIMARY KEY,
    learner_id        uuid,                 -- null once the holder's account is erased
    badge             text        NOT NULL REFERENCES badge,
    credential_jws    text,                 -- the signed credential; null once erased (the holder's copy still verifies)
    credential_hash   bytea       NOT NULL UNIQUE CHECK (length(credential_hash) = 32),  -- SHA-256 of the JWS
    log_index         bigint      NOT NULL UNIQUE,
    earned_at         timestamptz NOT NULL,
    issued_at         timestamptz NOT NULL,
    revoked_at        timestamptz,
    revocation_reason text CHECK (revocation_reason IN ('ISSUED_IN_ERROR', 'FRAUD', 'OTHER')),
    revoked_by        uuid,
    erased_at         timestamptz,
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
    CHECK (erased_at IS NULL OR (learner_id IS NULL AND credential_jws IS NULL))
);
-- one credential per earned badge (earned_badge's key), whatever happens to the inbox
CREATE UNIQUE INDEX badge_credential_learner_badge ON badge_credential (learner_id, badge);
CREATE INDEX badge_credential_revoked ON badge_credential (revoked_at) WHERE revoked_at IS NOT NULL;

-- The append-only log (RFC 9162 hashing): leaf i holds SHA-256(0x00 ‖ SHA-256(JWS of a badge credential)).
CREATE TABLE badge_credential_log_leaf (
    leaf_index    bigint PRIMARY KEY CHECK (leaf_index >= 0),
    credential_id uuid        NOT NULL UNIQUE,
    leaf_hash     bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    appended_at   timestamptz NOT NULL
);

-- Every signed tree head, one per size the log has had: old proofs stay checkable against the head they were made for.
CREATE TABLE badge_credential_tree_head (
    tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
    root_hash  bytea       NOT NULL CHECK (length(root_hash) = 32),
    signed_at  timestamptz NOT NULL,
    signature  text        NOT NULL       -- compact JWS over {log, treeSize, rootHash, timestamp}
);

-- The log's right edge and its size; appenders lock this single row (one append at a time). frontier: 32 bytes per
-- height (the root of the perfect subtree of that height when the size has that bit set, zeros otherwise).
CREATE TABLE badge_credential_log_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    size      bigint  NOT NULL CHECK (size >= 0),
    frontier  bytea   NOT NULL CHECK (length(frontier) % 32 = 0)
);
INSERT INTO badge_credential_log_state (singleton, size, frontier) VALUES (true, 0, ''::bytea);

-- The tree's nodes: the root of every perfect subtree, stored when its last leaf is appended, so a proof reads the
-- O(log n) nodes it needs in one query. Node (height, node_index) covers leaves [node_index·2^height, (node_index+1)·2^height).
CREATE TABLE badge_credential_log_node (
    height     smallint NOT NULL CHECK (height BETWEEN 0 AND 62),
    node_index bigint   NOT NULL CHECK (node_index >= 0),
    hash       bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (height, node_index)
);

CREATE FUNCTION badge_credential_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'le journal des badges est en ajout seul : % refusé sur %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER badge_credential_log_leaf_append_only BEFORE UPDATE OR DELETE ON badge_credential_log_leaf
    FOR EACH ROW EXECUTE FUNCTION badge_credential_log_refuse_change();
CREATE TRIGGER badge_credential_log_leaf_no_truncate BEFORE TRUNCATE ON badge_credential_log_leaf
    FOR EACH STATEMENT EXECUTE FUNCTION badge_credential_log_refuse_change();
CREATE TRIGGER badge_credential_tree_head_append_only BEFORE UPDATE OR DELETE ON badge_credential_tree_head
    FOR EACH ROW EXECUTE FUNCTION badge_credential_log_refuse_change();
CREATE TRIGGER badge_credential_tree_head_no_truncate BEFORE TRUNCATE ON badge_credential_tree_head
    FOR EACH STATEMENT EXECUTE FUNCTION badge_credential_log_refuse_change();
CREATE TRIGGER badge_credential_log_node_append_only BEFORE UPDATE OR DELETE ON badge_credential_log_node
    FOR EACH ROW EXECUTE FUNCTION badge_credential_log_refuse_change();
CREATE TRIGGER badge_credential_log_node_no_truncate BEFORE TRUNCATE ON badge_credential_log_node
    FOR EACH STATEMENT EXECUTE FUNCTION badge_credential_log_refuse_change();
