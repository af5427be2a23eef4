package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.MerkleLog;
import fr.mecaformation.progress.domain.SignedTreeHead;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The append-only certificate log: its leaves, the signed head of every size it has had, its locked right edge, and
 * its tree's nodes (every perfect subtree, stored when its last leaf arrives), from which proofs read O(log n) rows.
 * The leaf, head and node tables refuse UPDATE, DELETE and TRUNCATE (trigger).
 */
@Repository
public class CertificateLogRepository {

    private static final byte[] ABSENT = new byte[MerkleLog.HASH_LENGTH];

    private final DatabaseClient db;

    public CertificateLogRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Locks the log's single state row until the transaction ends: one appender at a time. */
    public Mono<MerkleLog.Frontier> lockForAppend() {
        return db.sql("SELECT size, frontier FROM certificate_log_state WHERE singleton FOR UPDATE")
                .map(row -> frontier(row.get("size", Long.class), row.get("frontier", byte[].class)))
                .one();
    }

    public Mono<Void> append(long index, UUID certificateId, byte[] leafHash, Instant at, MerkleLog.Frontier next,
                             SignedTreeHead head, List<MerkleLog.Node> completedNodes) {
        Mono<Void> leaf = db.sql("""
                        INSERT INTO certificate_log_leaf (leaf_index, certificate_id, leaf_hash, appended_at)
                        VALUES (:index, :certificate, :hash, :at)""")
                .bind("index", index).bind("certificate", certificateId).bind("hash", leafHash)
                .bind("at", CertificateRepository.utc(at)).then();
        Mono<Void> signedHead = db.sql("""
                        INSERT INTO certificate_tree_head (tree_size, root_hash, signed_at, signature)
                        VALUES (:size, :root, :at, :signature)""")
                .bind("size", head.treeSize()).bind("root", head.rootHash())
                .bind("at", CertificateRepository.utc(head.timestamp())).bind("signature", head.signature()).then();
        Mono<Void> state = db.sql("UPDATE certificate_log_state SET size = :size, frontier = :frontier WHERE singleton")
                .bind("size", next.size()).bind("frontier", bytes(next)).then();
        Mono<Void> nodes = Flux.fromIterable(completedNodes).concatMap(node -> db.sql("""
                        INSERT INTO certificate_log_node (height, node_index, hash) VALUES (:height, :index, :hash)""")
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
                        JOIN certificate_log_node n USING (height, node_index)""")
                .bind("heights", heights).bind("indexes", indexes)
                .map(row -> new MerkleLog.Node(row.get("height", Integer.class), row.get("node_index", Long.class),
                        row.get("hash", byte[].class)))
                .all().collectMap(node -> node.height() + ":" + node.index(), MerkleLog.Node::hash)
                .map(found -> (height, index) -> {
                    byte[] hash = found.get(height + ":" + index);
                    if (hash == null) {
                        throw new IllegalStateException("the certificate log has no node " + height + ":" + index);
                    }
                    return hash;
                });
    }

    public Mono<SignedTreeHead> latestHead() {
        return db.sql("SELECT tree_size, root_hash, signed_at, signature FROM certificate_tree_head ORDER BY tree_size DESC LIMIT 1")
                .map(row -> head(row)).one();
    }

    public Mono<SignedTreeHead> head(long treeSize) {
        return db.sql("SELECT tree_size, root_hash, signed_at, signature FROM certificate_tree_head WHERE tree_size = :size")
                .bind("size", treeSize).map(row -> head(row)).one();
    }

    private static SignedTreeHead head(Readable row) {
        return new SignedTreeHead(row.get("tree_size", Long.class), row.get("root_hash", byte[].class),
                CertificateRepository.instant(row, "signed_at"), row.get("signature", String.class));
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
