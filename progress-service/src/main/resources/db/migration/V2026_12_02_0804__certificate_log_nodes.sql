-- The certificate log's tree nodes: the root of every perfect subtree, stored when its last leaf is appended. An
-- inclusion or consistency proof then reads the O(log n) nodes it needs (one indexed query) instead of every leaf.
-- Node (height, node_index) covers leaves [node_index * 2^height, (node_index + 1) * 2^height); height 0 is the leaf.
CREATE TABLE certificate_log_node (
    height     smallint NOT NULL CHECK (height BETWEEN 0 AND 62),
    node_index bigint   NOT NULL CHECK (node_index >= 0),
    hash       bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (height, node_index)
);

-- A log written before this migration: its nodes, from its leaves, level by level (RFC 9162: 0x01 ‖ left ‖ right).
INSERT INTO certificate_log_node (height, node_index, hash)
SELECT 0, leaf_index, leaf_hash FROM certificate_log_leaf;

DO $$
DECLARE
    level smallint := 0;
    added bigint;
BEGIN
    LOOP
        INSERT INTO certificate_log_node (height, node_index, hash)
        SELECT level + 1, l.node_index / 2, sha256('\x01'::bytea || l.hash || r.hash)
        FROM certificate_log_node l
        JOIN certificate_log_node r ON r.height = level AND r.node_index = l.node_index + 1
        WHERE l.height = level AND l.node_index % 2 = 0;
        GET DIAGNOSTICS added = ROW_COUNT;
        EXIT WHEN added = 0;
        level := level + 1;
    END LOOP;
END
$$;

CREATE TRIGGER certificate_log_node_append_only BEFORE UPDATE OR DELETE ON certificate_log_node
    FOR EACH ROW EXECUTE FUNCTION certificate_log_refuse_change();
CREATE TRIGGER certificate_log_node_no_truncate BEFORE TRUNCATE ON certificate_log_node
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_log_refuse_change();
