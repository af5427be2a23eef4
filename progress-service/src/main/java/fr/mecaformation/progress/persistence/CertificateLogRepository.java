package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.MerkleLog;
import fr.mecaformation.progress.domain.SignedTreeHead;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The append-only certificate log: its leaves, the signed head of every size it has had, and its locked right edge.
 * The leaf and head tables refuse UPDATE, DELETE and TRUNCATE (trigger).
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
                             SignedTreeHead head) {
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
        return leaf.then(signedHead).then(state);
    }

    public Mono<SignedTreeHead> latestHead() {
        return db.sql("SELECT tree_size, root_hash, signed_at, signature FROM certificate_tree_head ORDER BY tree_size DESC LIMIT 1")
                .map(row -> head(row)).one();
    }

    public Mono<SignedTreeHead> head(long treeSize) {
        return db.sql("SELECT tree_size, root_hash, signed_at, signature FROM certificate_tree_head WHERE tree_size = :size")
                .bind("size", treeSize).map(row -> head(row)).one();
    }

    /** The first {@code treeSize} leaf hashes, in order; what proofs are computed from. */
    public Mono<List<byte[]>> leafHashes(long treeSize) {
        return db.sql("SELECT leaf_hash FROM certificate_log_leaf WHERE leaf_index < :size ORDER BY leaf_index")
                .bind("size", treeSize).map(row -> row.get("leaf_hash", byte[].class)).all().collectList();
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
