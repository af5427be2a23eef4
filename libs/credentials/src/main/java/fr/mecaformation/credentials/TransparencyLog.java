package fr.mecaformation.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A credential log: every issued credential's hash appended as a leaf, a signed tree head after each append, and
 * the proofs anyone can check against those heads (RFC 9162). The log holds hashes only, never personal data. Each
 * issuing service has its own (its tables, its key, its {@code name} in every signed head), so a head of one log can
 * never be passed off as a head of another.
 */
public class TransparencyLog {

    private final MerkleLogStore log;
    private final CertificateSigningKey key;
    private final Clock clock;
    private final String name;
    private final Cache<String, Boolean> verifiedHeads = Caffeine.newBuilder().maximumSize(1024).build();

    /** @param name what the signed heads say this log is (the {@code log} claim), e.g. « MécaFormation — journal des certificats » */
    public TransparencyLog(MerkleLogStore log, CertificateSigningKey key, Clock clock, String name) {
        this.log = log;
        this.key = key;
        this.clock = clock;
        this.name = name;
    }

    /** A leaf's audit path to the root of a signed head. */
    public record InclusionProof(long leafIndex, byte[] leafHash, List<byte[]> auditPath, SignedTreeHead head) {
        public boolean verifies() {
            return MerkleLog.verifyInclusion(leafIndex, head.treeSize(), leafHash, auditPath, head.rootHash());
        }
    }

    /** That the log at {@code from.treeSize()} is a prefix of the log at {@code to.treeSize()}. */
    public record ConsistencyProof(SignedTreeHead from, SignedTreeHead to, List<byte[]> proof) {
    }

    /** Locks the log for this transaction and answers its current right edge; call it before deciding to append. */
    public Mono<MerkleLog.Frontier> lock() {
        return log.lockForAppend();
    }

    /**
     * Appends SHA-256(0x00 ‖ credentialHash) at index {@code locked.size()} and stores the new signed head, in the
     * caller's transaction, which must hold {@link #lock()}.
     */
    public Mono<SignedTreeHead> append(MerkleLog.Frontier locked, UUID credentialId, byte[] credentialHash) {
        byte[] leaf = MerkleLog.leafHash(credentialHash);
        MerkleLog.Frontier next = locked.append(leaf);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return sign(next.size(), next.root(), now)
                .flatMap(head -> log.append(locked.size(), credentialId, leaf, now, next, head, locked.completedBy(leaf))
                        .thenReturn(head));
    }

    public Mono<SignedTreeHead> latestHead() {
        return log.latestHead();
    }

    /** Against the latest head, from the O(log n) stored nodes the path needs (one query), never the whole log. */
    public Mono<InclusionProof> inclusion(long leafIndex, byte[] credentialHash) {
        return log.latestHead().flatMap(head -> {
            long size = head.treeSize();
            return log.nodes(MerkleLog.nodesRead(nodes -> MerkleLog.inclusionProof(leafIndex, size, nodes)))
                    .map(nodes -> new InclusionProof(leafIndex, MerkleLog.leafHash(credentialHash),
                            MerkleLog.inclusionProof(leafIndex, size, nodes), head));
        });
    }

    public Mono<ConsistencyProof> consistency(long from, long to) {
        return log.latestHead().defaultIfEmpty(new SignedTreeHead(0, null, null, null)).flatMap(latest -> {
            if (from < 1 || to < from || to > latest.treeSize()) {
                return Mono.error(new DomainException.Invalid("Tailles de journal invalides : il faut 1 ≤ from ≤ to ≤ "
                        + latest.treeSize() + ".", List.of(new FieldError("from", "doit être entre 1 et to"),
                        new FieldError("to", "doit être au plus la taille actuelle du journal (" + latest.treeSize() + ")"))));
            }
            Mono<List<byte[]>> proof = log.nodes(MerkleLog.nodesRead(nodes -> MerkleLog.consistencyProof(from, to, nodes)))
                    .map(nodes -> MerkleLog.consistencyProof(from, to, nodes));
            return Mono.zip(log.head(from), log.head(to), proof).map(found -> new ConsistencyProof(
                    found.getT1(), found.getT2(), found.getT3()));
        });
    }

    /**
     * Does the head's JWS verify with the platform key and say exactly what was stored? Heads never change (the table
     * is append-only) and every status check asks about the latest one, so the answer for a given head is
     * remembered: one Ed25519 verification per head, not per anonymous check.
     */
    public Mono<Boolean> headSignatureVerifies(SignedTreeHead head) {
        String key = head.treeSize() + ":" + Base64.getEncoder().encodeToString(head.rootHash()) + ":" + head.signature();
        Boolean known = verifiedHeads.getIfPresent(key);
        if (known != null) {
            return Mono.just(known);
        }
        return checkHeadSignature(head).doOnNext(verified -> verifiedHeads.put(key, verified));
    }

    private Mono<Boolean> checkHeadSignature(SignedTreeHead head) {
        return Mono.fromCallable(() -> {
            try {
                Map<String, Object> claims = key.verify(head.signature(), CertificateSigningKey.TREE_HEAD_TYPE);
                // the head must be one of this log's: a head signed for another log never stands in for it
                return name.equals(claims.get("log"))
                        && claims.get("treeSize") instanceof Number size && size.longValue() == head.treeSize()
                        && claims.get("rootHash") instanceof String root
                        && MessageDigest.isEqual(Base64.getDecoder().decode(root), head.rootHash());
            } catch (CertificateSigningKey.Unverified | IllegalArgumentException e) {
                return false;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<SignedTreeHead> sign(long size, byte[] root, Instant at) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("log", name);
        claims.put("treeSize", size);
        claims.put("rootHash", Base64.getEncoder().encodeToString(root));
        claims.put("timestamp", at.toString());
        return Mono.fromCallable(() -> new SignedTreeHead(size, root, at, key.sign(CertificateSigningKey.TREE_HEAD_TYPE, claims)))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
