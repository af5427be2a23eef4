package fr.mecaformation.credentials;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An append-only credential log in PostgreSQL: its leaves, the signed head of every size it has had, its locked right
 * edge, and its tree's nodes (every perfect subtree, stored when its last leaf arrives), from which proofs read
 * O(log n) rows. The owning service's migration creates four tables named after one prefix ({@code <prefix>_log_leaf}
 * with the credential's id in {@code <entry>}, {@code <prefix>_tree_head}, {@code <prefix>_log_state} with its single
 * row, {@code <prefix>_log_node}; see progress-service's {@code V10__certificates.sql} for their definitions) and
 * makes the leaf, head and node tables refuse UPDATE, DELETE and TRUNCATE (trigger). Generic over the names rather
 * than copied per service: the SQL (the frontier's packing, the one-query node read) is where a copy would drift.
 */
public class MerkleLogStore {

    private static final byte[] ABSENT = new byte[MerkleLog.HASH_LENGTH];
    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final DatabaseClient db;
    private final String leafTable;
    private final String headTable;
    private final String stateTable;
    private final String nodeTable;
    private final String entryColumn;

    /**
     * @param prefix the tables' common prefix, e.g. {@code certificate}
     * @param entryColumn the leaf table's column holding the credential's id, e.g. {@code certificate_id}
     */
    public MerkleLogStore(DatabaseClient db, String prefix, String entryColumn) {
        // names from code, never from input; checked anyway since they are spliced into SQL
        if (!IDENTIFIER.matcher(prefix).matches() || !IDENTIFIER.matcher(entryColumn).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + prefix + ", " + entryColumn);
        }
        this.db = db;
        this.leafTable = prefix + "_log_leaf";
        this.headTable = prefix + "_tree_head";
        this.stateTable = prefix + "_log_state";
        this.nodeTable = prefix + "_log_node";
        this.entryColumn = entryColumn;
    }

    /** Locks the log's single state row until the transaction ends: one appender at a time. */
    public Mono<MerkleLog.Frontier> lockForAppend() {
        return db.sql("SELECT size, frontier FROM " + stateTable + " WHERE singleton FOR UPDATE")
                .map(row -> frontier(row.get("size", Long.class), row.get("frontier", byte[].class)))
                .one();
    }

    public Mono<Void> append(long index, UUID credentialId, byte[] leafHash, Instant at, MerkleLog.Frontier next,
                             SignedTreeHead head, List<MerkleLog.Node> completedNodes) {
        Mono<Void> leaf = db.sql("INSERT INTO " + leafTable + " (leaf_index, " + entryColumn + ", leaf_hash, appended_at) "
                        + "VALUES (:index, :entry, :hash, :at)")
                .bind("index", index).bind("entry", credentialId).bind("hash", leafHash)
                .bind("at", utc(at)).then();
        Mono<Void> signedHead = db.sql("INSERT INTO " + headTable + " (tree_size, root_hash, signed_at, signature) "
                        + "VALUES (:size, :root, :at, :signature)")
                .bind("size", head.treeSize()).bind("root", head.rootHash())
                .bind("at", utc(head.timestamp())).bind("signature", head.signature()).then();
        Mono<Void> state = db.sql("UPDATE " + stateTable + " SET size = :size, frontier = :frontier WHERE singleton")
                .bind("size", next.size()).bind("frontier", bytes(next)).then();
        Mono<Void> nodes = Flux.fromIterable(completedNodes).concatMap(node -> db.sql(
                        "INSERT INTO " + nodeTable + " (height, node_index, hash) VALUES (:height, :index, :hash)")
                .bind("height", node.height()).bind("index", node.index()).bind("hash", node.hash()).then()).then();
        return leaf.then(signedHead).then(nodes).then(state);
    }

    /**
     * The stored nodes asked for ({height, index} pairs), in one indexed query: what a proof reads instead of the
     * whole log. A node that is not there (a size beyond the log) is simply absent from the answer.
     */
    public Mono<MerkleLog.Nodes> nodes(List<long[]> wanted) {
        if (wanted.isEmpty()) {
            return Mono.just((height, index) -> {
                throw new IllegalStateException("no node was read");
            });
        }
        Integer[] heights = wanted.stream().map(key -> (int) key[0]).toArray(Integer[]::new);
        Long[] indexes = wanted.stream().map(key -> key[1]).toArray(Long[]::new);
        return db.sql("""
                        SELECT n.height, n.node_index, n.hash
                        FROM unnest(CAST(:heights AS int[]), CAST(:indexes AS bigint[])) AS wanted (height, node_index)
                        JOIN %s n USING (height, node_index)""".formatted(nodeTable))
                .bind("heights", heights).bind("indexes", indexes)
                .map(row -> new MerkleLog.Node(row.get("height", Integer.class), row.get("node_index", Long.class),
                        row.get("hash", byte[].class)))
                .all().collectMap(node -> node.height() + ":" + node.index(), MerkleLog.Node::hash)
                .map(found -> (height, index) -> {
                    byte[] hash = found.get(height + ":" + index);
                    if (hash == null) {
                        throw new IllegalStateException("the log " + nodeTable + " has no node " + height + ":" + index);
                    }
                    return hash;
                });
    }

    public Mono<SignedTreeHead> latestHead() {
        return db.sql("SELECT tree_size, root_hash, signed_at, signature FROM " + headTable + " ORDER BY tree_size DESC LIMIT 1")
                .map(row -> head(row)).one();
    }

    public Mono<SignedTreeHead> head(long treeSize) {
        return db.sql("SELECT tree_size, root_hash, signed_at, signature FROM " + headTable + " WHERE tree_size = :size")
                .bind("size", treeSize).map(row -> head(row)).one();
    }

    private static SignedTreeHead head(Readable row) {
        return new SignedTreeHead(row.get("tree_size", Long.class), row.get("root_hash", byte[].class),
                row.get("signed_at", OffsetDateTime.class).toInstant(), row.get("signature", String.class));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static MerkleLog.Frontier frontier(long size, byte[] packed) {
        List<byte[]> byHeight = new ArrayList<>();
        for (int offset = 0; offset < packed.length; offset += MerkleLog.HASH_LENGTH) {
            int height = offset / MerkleLog.HASH_LENGTH;
            byHeight.add(((size >> height) & 1) == 1 ? Arrays.copyOfRange(packed, offset, offset + MerkleLog.HASH_LENGTH)
                    : new byte[0]);
        }
        return new MerkleLog.Frontier(size, byHeight);
    }

    private static byte[] bytes(MerkleLog.Frontier frontier) {
        byte[] packed = new byte[frontier.byHeight().size() * MerkleLog.HASH_LENGTH];
        for (int height = 0; height < frontier.byHeight().size(); height++) {
            byte[] hash = frontier.byHeight().get(height);
            System.arraycopy(hash.length == 0 ? ABSENT : hash, 0, packed, height * MerkleLog.HASH_LENGTH, MerkleLog.HASH_LENGTH);
        }
        return packed;
    }
}
