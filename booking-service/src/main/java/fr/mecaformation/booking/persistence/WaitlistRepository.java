package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.WaitlistEntry;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** Waitlists, served by position; the next learner is taken with SKIP LOCKED so concurrent freed seats go to distinct learners in order. */
@Repository
public class WaitlistRepository {

    private final DatabaseClient db;

    public WaitlistRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<WaitlistEntry> insert(UUID id, UUID sessionId, UUID learnerId, Instant now) {
        return db.sql("INSERT INTO waitlist_entry (id, session_id, learner_id, status, created_at)"
                        + " VALUES (:id, :session, :learner, 'WAITING', :now) RETURNING *")
                .bind("id", id).bind("session", sessionId).bind("learner", learnerId).bind("now", Rows.utc(now))
                .map(WaitlistRepository::entry).one();
    }

    /**
     * Offers a freed seat to the first learner still waiting: the lowest position not locked by another transaction
     * offering its own freed seat, so two seats freed at once go to the first two, never twice to the first.
     */
    public Mono<WaitlistEntry> offerNext(UUID sessionId, Instant now, Instant expiresAt) {
        return db.sql("""
                        UPDATE waitlist_entry SET status = 'OFFERED', offered_at = :now, offer_expires_at = :expires
                        WHERE id = (SELECT id FROM waitlist_entry WHERE session_id = :session AND status = 'WAITING'
                                    ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .bind("session", sessionId).bind("now", Rows.utc(now)).bind("expires", Rows.utc(expiresAt))
                .map(WaitlistRepository::entry).one();
    }

    public Mono<WaitlistEntry> findForUpdate(UUID id) {
        return db.sql("SELECT * FROM waitlist_entry WHERE id = :id FOR UPDATE").bind("id", id)
                .map(WaitlistRepository::entry).one();
    }

    public Mono<WaitlistEntry> findById(UUID id) {
        return db.sql("SELECT * FROM waitlist_entry WHERE id = :id").bind("id", id).map(WaitlistRepository::entry).one();
    }

    public Flux<WaitlistEntry> ofLearner(UUID learnerId) {
        return db.sql("SELECT * FROM waitlist_entry WHERE learner_id = :learner ORDER BY created_at")
                .bind("learner", learnerId).map(WaitlistRepository::entry).all();
    }

    public Mono<Long> accepted(UUID id, UUID bookingId) {
        return db.sql("UPDATE waitlist_entry SET status = 'ACCEPTED', booking_id = :booking WHERE id = :id")
                .bind("id", id).bind("booking", bookingId).fetch().rowsUpdated();
    }

    public Mono<Long> setStatus(UUID id, String status) {
        return db.sql("UPDATE waitlist_entry SET status = :status WHERE id = :id").bind("id", id).bind("status", status)
                .fetch().rowsUpdated();
    }

    /** Offers that ended unanswered, claimed by one instance (SKIP LOCKED) and closed in the same statement. */
    public Flux<WaitlistEntry> expireDueOffers(Instant now, int limit) {
        return db.sql("""
                        UPDATE waitlist_entry SET status = 'EXPIRED' WHERE id IN (
                            SELECT id FROM waitlist_entry WHERE status = 'OFFERED' AND offer_expires_at <= :now
                            ORDER BY offer_expires_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING *""")
                .bind("now", Rows.utc(now)).bind("limit", limit).map(WaitlistRepository::entry).all();
    }

    /** Closes the learner's open entries (account erased), answering each with the status it had (an offer held a seat). */
    public Flux<WaitlistEntry> cancelOpenOf(UUID learnerId) {
        return db.sql("""
                        WITH open AS (SELECT id, status FROM waitlist_entry WHERE learner_id = :learner
                                      AND status IN ('WAITING', 'OFFERED') FOR UPDATE)
                        UPDATE waitlist_entry w SET status = 'CANCELLED' FROM open WHERE w.id = open.id
                        RETURNING w.id, w.session_id, w.learner_id, w.position, open.status AS status, w.created_at,
                                  w.offered_at, w.offer_expires_at, w.booking_id""")
                .bind("learner", learnerId).map(WaitlistRepository::entry).all();
    }

    public Mono<Long> anonymise(UUID learnerId) {
        return db.sql("UPDATE waitlist_entry SET learner_id = NULL WHERE learner_id = :learner").bind("learner", learnerId)
                .fetch().rowsUpdated();
    }

    public Mono<Long> cancelAllOf(UUID sessionId) {
        return db.sql("UPDATE waitlist_entry SET status = 'CANCELLED' WHERE session_id = :session AND status IN ('WAITING', 'OFFERED')")
                .bind("session", sessionId).fetch().rowsUpdated();
    }

    static WaitlistEntry entry(Readable row) {
        return new WaitlistEntry(row.get("id", UUID.class), row.get("session_id", UUID.class), row.get("learner_id", UUID.class),
                row.get("position", Long.class), row.get("status", String.class), Rows.instant(row, "created_at"),
                Rows.instant(row, "offered_at"), Rows.instant(row, "offer_expires_at"), row.get("booking_id", UUID.class));
    }
}
