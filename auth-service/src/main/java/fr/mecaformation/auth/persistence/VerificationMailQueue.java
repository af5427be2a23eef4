package fr.mecaformation.auth.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** The verification e-mails still to send (table {@code verification_mail}), claimed with a lease. */
@Repository
public class VerificationMailQueue {

    /** A mail to send, and how many attempts were made before this one. */
    public record PendingMail(UUID userId, Instant requestedAt, int attempts) {
    }

    private final DatabaseClient db;

    public VerificationMailQueue(DatabaseClient db) {
        this.db = db;
    }

    /** In the caller's transaction: the mail is owed exactly when the profile exists. */
    public Mono<Void> request(UUID userId, Instant now) {
        return db.sql("INSERT INTO verification_mail (user_id, requested_at, next_attempt_at) VALUES (:userId, :now, :now)")
                .bind("userId", userId)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .then();
    }

    /**
     * One short statement: due rows no other instance holds get a lease and are returned. Rows of erased accounts
     * are never claimed (erasure deletes them too, this is for a row claimed while the erasure committed).
     */
    public Flux<PendingMail> claimDue(int limit, Duration lease) {
        return db.sql("""
                        UPDATE verification_mail claimed
                        SET claimed_until = now() + make_interval(secs => :leaseSeconds)
                        WHERE claimed.user_id IN (
                            SELECT due.user_id FROM verification_mail due
                            JOIN learner_profile profile ON profile.user_id = due.user_id AND profile.erased_at IS NULL
                            WHERE due.next_attempt_at <= now()
                              AND (due.claimed_until IS NULL OR due.claimed_until < now())
                            ORDER BY due.next_attempt_at
                            LIMIT :limit
                            FOR UPDATE OF due SKIP LOCKED)
                        RETURNING user_id, requested_at, attempts""")
                .bind("leaseSeconds", lease.toMillis() / 1000.0)
                .bind("limit", limit)
                .map(row -> new PendingMail(row.get("user_id", UUID.class),
                        row.get("requested_at", java.time.OffsetDateTime.class).toInstant(),
                        row.get("attempts", Integer.class)))
                .all();
    }

    /** Sent, or given up: nothing more is owed. */
    public Mono<Void> forget(UUID userId) {
        return db.sql("DELETE FROM verification_mail WHERE user_id = :userId").bind("userId", userId).then();
    }

    /** Not sent this time: released, and due again after {@code delay}. */
    public Mono<Void> retryLater(UUID userId, Duration delay, String error) {
        return db.sql("""
                        UPDATE verification_mail
                        SET attempts = attempts + 1, claimed_until = NULL, last_error = :error,
                            next_attempt_at = now() + make_interval(secs => :delaySeconds)
                        WHERE user_id = :userId""")
                .bind("userId", userId)
                .bind("delaySeconds", delay.toMillis() / 1000.0)
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error)
                .then();
    }
}
