package fr.mecaformation.gamification.persistence;

import fr.mecaformation.gamification.domain.BadgeCredential;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Issued badge credentials ({@code badge_credential}); their log is {@link BadgeCredentialLogRepository}. */
@Repository
public class BadgeCredentialRepository {

    private static final String SELECT = """
            SELECT c.*, b.title AS badge_title FROM badge_credential c JOIN badge b ON b.code = c.badge""";

    private final DatabaseClient db;

    public BadgeCredentialRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(BadgeCredential credential) {
        return db.sql("""
                        INSERT INTO badge_credential (credential_id, learner_id, badge, credential_jws, credential_hash,
                                                      log_index, earned_at, issued_at)
                        VALUES (:id, :learner, :badge, :jws, :hash, :index, :earned, :issued)""")
                .bind("id", credential.id()).bind("learner", credential.learnerId()).bind("badge", credential.badge())
                .bind("jws", credential.credentialJws()).bind("hash", credential.credentialHash())
                .bind("index", credential.logIndex()).bind("earned", utc(credential.earnedAt()))
                .bind("issued", utc(credential.issuedAt())).then();
    }

    public Mono<Boolean> exists(UUID learnerId, String badge) {
        return db.sql("SELECT count(*) AS n FROM badge_credential WHERE learner_id = :learner AND badge = :badge")
                .bind("learner", learnerId).bind("badge", badge).map(row -> row.get("n", Long.class) > 0).one();
    }

    public Mono<BadgeCredential> findById(UUID id) {
        return db.sql(SELECT + " WHERE c.credential_id = :id").bind("id", id).map(BadgeCredentialRepository::credential).one();
    }

    public Mono<BadgeCredential> findByHash(byte[] hash) {
        return db.sql(SELECT + " WHERE c.credential_hash = :hash").bind("hash", hash)
                .map(BadgeCredentialRepository::credential).one();
    }

    /** @return false when it was already revoked (the conditional update decides, not a read before it) */
    public Mono<Boolean> revoke(UUID id, BadgeCredential.RevocationReason reason, UUID by, Instant at) {
        return db.sql("""
                        UPDATE badge_credential SET revoked_at = :at, revocation_reason = :reason, revoked_by = :by
                        WHERE credential_id = :id AND revoked_at IS NULL""")
                .bind("at", utc(at)).bind("reason", reason.name()).bind("by", by).bind("id", id)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Flux<BadgeCredential> revoked() {
        return db.sql(SELECT + " WHERE c.revoked_at IS NOT NULL ORDER BY c.revoked_at, c.credential_id")
                .map(BadgeCredentialRepository::credential).all();
    }

    /** {@code UserDeleted}: the holder's link and our copy go; the hash and the log entry stay. */
    public Mono<Void> erase(UUID learnerId, Instant at) {
        return db.sql("""
                        UPDATE badge_credential SET learner_id = NULL, credential_jws = NULL, erased_at = :at
                        WHERE learner_id = :learner""")
                .bind("at", utc(at)).bind("learner", learnerId).then();
    }

    private static BadgeCredential credential(Readable row) {
        String reason = row.get("revocation_reason", String.class);
        return new BadgeCredential(row.get("credential_id", UUID.class), row.get("learner_id", UUID.class),
                row.get("badge", String.class), row.get("badge_title", String.class),
                row.get("credential_jws", String.class), row.get("credential_hash", byte[].class),
                row.get("log_index", Long.class), instant(row, "earned_at"), instant(row, "issued_at"),
                instant(row, "revoked_at"), reason == null ? null : BadgeCredential.RevocationReason.valueOf(reason),
                instant(row, "erased_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
