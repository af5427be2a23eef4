package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.Actor;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.BookingStatus;
import fr.mecaformation.booking.domain.Slot;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/**
 * Bookings in SQL. Inserts and moves are checked by the table's exclusion constraints and unique indexes (trainer's
 * agenda with buffers, learner's agenda, one open advice, one coaching hold, one seat): no read-then-write decides a
 * conflict here. Claims for background work use {@code FOR UPDATE SKIP LOCKED}, so instances never take the same row.
 */
@Repository
public class BookingRepository {

    static final String COLUMNS = """
            id, kind, trainer_id, learner_id, session_id, starts_at, ends_at, zone, lower(blocked) AS blocked_from,
            upper(blocked) AS blocked_until, status, hold_expires_at, payment_id, sequence, note, created_at, cancelled_at,
            cancelled_by, attended""";

    private final DatabaseClient db;

    public BookingRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Booking> insert(Booking booking) {
        return insertSpec(booking, "").then().thenReturn(booking);
    }

    /** The same insert, answering empty instead of failing when a constraint refuses it (inside an inbox transaction). */
    public Mono<Booking> insertUnlessTaken(Booking booking) {
        return insertSpec(booking, " ON CONFLICT DO NOTHING RETURNING id").map(row -> booking).one();
    }

    private DatabaseClient.GenericExecuteSpec insertSpec(Booking booking, String suffix) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO booking (id, kind, trainer_id, learner_id, session_id, starts_at, ends_at, zone, blocked, status,
                                             hold_expires_at, payment_id, sequence, note, created_at, confirmed_at)
                        VALUES (:id, :kind, :trainer, :learner, :session, :starts, :ends, :zone, tstzrange(:blockedFrom, :blockedUntil, '[)'),
                                :status, :holdExpires, :payment, :sequence, :note, :now, :confirmedAt)""" + suffix)
                .bind("id", booking.id()).bind("kind", booking.kind().name()).bind("trainer", booking.trainerId())
                .bind("learner", booking.learnerId())
                .bind("starts", Rows.utc(booking.startsAt())).bind("ends", Rows.utc(booking.endsAt()))
                .bind("zone", booking.zone().getId())
                .bind("blockedFrom", Rows.utc(booking.blockedFrom())).bind("blockedUntil", Rows.utc(booking.blockedUntil()))
                .bind("status", booking.status().name()).bind("sequence", booking.sequence())
                .bind("now", Rows.utc(booking.createdAt()));
        spec = booking.sessionId() == null ? spec.bindNull("session", UUID.class) : spec.bind("session", booking.sessionId());
        spec = booking.holdExpiresAt() == null ? spec.bindNull("holdExpires", java.time.OffsetDateTime.class)
                : spec.bind("holdExpires", Rows.utc(booking.holdExpiresAt()));
        spec = booking.paymentId() == null ? spec.bindNull("payment", UUID.class) : spec.bind("payment", booking.paymentId());
        spec = booking.note() == null ? spec.bindNull("note", String.class) : spec.bind("note", booking.note());
        spec = booking.status() == BookingStatus.CONFIRMED ? spec.bind("confirmedAt", Rows.utc(booking.createdAt()))
                : spec.bindNull("confirmedAt", java.time.OffsetDateTime.class);
        return spec;
    }

    /**
     * The trainer's own time during a session they host: a row without learner that the trainer's exclusion
     * constraint compares with their one-to-one bookings and other sessions.
     */
    public Mono<Void> hosting(UUID id, fr.mecaformation.booking.domain.Session session, Instant now) {
        return db.sql("""
                        INSERT INTO booking (id, kind, trainer_id, learner_id, session_id, starts_at, ends_at, zone, blocked,
                                             status, hosting, created_at, confirmed_at)
                        VALUES (:id, :kind, :trainer, NULL, :session, :starts, :ends, :zone, tstzrange(:starts, :ends, '[)'),
                                'CONFIRMED', true, :now, :now)""")
                .bind("id", id).bind("kind", session.kind().name()).bind("trainer", session.trainerId())
                .bind("session", session.id()).bind("starts", Rows.utc(session.startsAt()))
                .bind("ends", Rows.utc(session.endsAt())).bind("zone", session.zone().getId()).bind("now", Rows.utc(now))
                .then();
    }

    public Mono<Long> cancelHosting(UUID sessionId, Instant now) {
        return db.sql("UPDATE booking SET status = 'CANCELLED', cancelled_at = :now, cancelled_by = 'TRAINER'"
                        + " WHERE session_id = :session AND hosting AND status = 'CONFIRMED'")
                .bind("session", sessionId).bind("now", Rows.utc(now)).fetch().rowsUpdated();
    }

    /**
     * Holds whose time ran out stop holding the trainer's agenda at once, in the transaction of the booking that
     * needs their time, whether or not the expiry poller has been by yet. Answers the holds released.
     */
    public Flux<Booking> expireLapsedHolds(UUID trainerId, Instant from, Instant until, Instant now) {
        return db.sql("UPDATE booking SET status = 'EXPIRED' WHERE trainer_id = :trainer AND status = 'HELD'"
                        + " AND hold_expires_at <= :now AND blocked && tstzrange(:from, :until, '[)') RETURNING " + COLUMNS)
                .bind("trainer", trainerId).bind("now", Rows.utc(now)).bind("from", Rows.utc(from))
                .bind("until", Rows.utc(until)).map(BookingRepository::booking).all();
    }

    /** A learner's past confirmed bookings are done: their open advice no longer stops them booking the next one. */
    public Mono<Long> completePastOf(UUID learnerId, Instant now) {
        return db.sql("UPDATE booking SET status = 'COMPLETED' WHERE learner_id = :learner AND status = 'CONFIRMED'"
                        + " AND ends_at <= :now")
                .bind("learner", learnerId).bind("now", Rows.utc(now)).fetch().rowsUpdated();
    }

    /** Every confirmed booking that ended becomes COMPLETED (a pass of the housekeeping poller). */
    public Mono<Long> completePast(Instant now, int limit) {
        return db.sql("""
                        UPDATE booking SET status = 'COMPLETED' WHERE id IN (
                            SELECT id FROM booking WHERE status = 'CONFIRMED' AND ends_at <= :now
                            ORDER BY ends_at LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                .bind("now", Rows.utc(now)).bind("limit", limit).fetch().rowsUpdated();
    }

    public Mono<Booking> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE id = :id").bind("id", id).map(BookingRepository::booking).one();
    }

    public Mono<Booking> findForUpdate(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE id = :id FOR UPDATE").bind("id", id)
                .map(BookingRepository::booking).one();
    }

    /** What holds the trainer between from and until: active one-to-one bookings (holds not yet lapsed). */
    public Flux<Booking> busyOf(UUID trainerId, Instant from, Instant until, Instant now) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE trainer_id = :trainer AND (session_id IS NULL OR hosting)"
                        + " AND (status = 'CONFIRMED' OR (status = 'HELD' AND hold_expires_at > :now))"
                        + " AND blocked && tstzrange(:from, :until, '[)')")
                .bind("trainer", trainerId).bind("now", Rows.utc(now)).bind("from", Rows.utc(from))
                .bind("until", Rows.utc(until)).map(BookingRepository::booking).all();
    }

    public Flux<Booking> ofLearner(UUID learnerId) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE learner_id = :learner ORDER BY starts_at")
                .bind("learner", learnerId).map(BookingRepository::booking).all();
    }

    public Flux<Booking> ofTrainer(UUID trainerId) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE trainer_id = :trainer AND NOT hosting ORDER BY starts_at")
                .bind("trainer", trainerId).map(BookingRepository::booking).all();
    }

    public Flux<Booking> activeOfSession(UUID sessionId) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE session_id = :session AND NOT hosting"
                        + " AND status IN ('CONFIRMED', 'COMPLETED')"
                        + " ORDER BY created_at")
                .bind("session", sessionId).map(BookingRepository::booking).all();
    }

    public Mono<Booking> cancel(Booking booking, Actor actor, Instant now) {
        return db.sql("UPDATE booking SET status = 'CANCELLED', cancelled_at = :now, cancelled_by = :actor WHERE id = :id"
                        + " AND status IN ('HELD', 'CONFIRMED') RETURNING " + COLUMNS)
                .bind("id", booking.id()).bind("now", Rows.utc(now)).bind("actor", actor.name())
                .map(BookingRepository::booking).one();
    }

    /** Moves a booking; the exclusion constraints check the new time against everyone else's, as for an insert. */
    public Mono<Booking> reschedule(UUID id, Slot slot) {
        return db.sql("UPDATE booking SET starts_at = :starts, ends_at = :ends, blocked = tstzrange(:from, :until, '[)'),"
                        + " sequence = sequence + 1, reminded_24h_at = NULL, reminded_1h_at = NULL WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id).bind("starts", Rows.utc(slot.start())).bind("ends", Rows.utc(slot.end()))
                .bind("from", Rows.utc(slot.blockedFrom())).bind("until", Rows.utc(slot.blockedUntil()))
                .map(BookingRepository::booking).one();
    }

    /** The learner's coaching hold, confirmed by their payment (at most one hold each: a unique index). */
    public Mono<Booking> confirmHoldOf(UUID learnerId, UUID paymentId, Instant now) {
        return db.sql("UPDATE booking SET status = 'CONFIRMED', payment_id = :payment, confirmed_at = :now, hold_expires_at = NULL"
                        + " WHERE learner_id = :learner AND kind = 'COACHING' AND status = 'HELD' RETURNING " + COLUMNS)
                .bind("learner", learnerId).bind("payment", paymentId).bind("now", Rows.utc(now))
                .map(BookingRepository::booking).one();
    }

    /** The learner's latest coaching hold that expired unpaid: what a late payment was for. */
    public Mono<Booking> latestLapsedHoldOf(UUID learnerId) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE learner_id = :learner AND kind = 'COACHING'"
                        + " AND status = 'EXPIRED' AND payment_id IS NULL ORDER BY created_at DESC LIMIT 1")
                .bind("learner", learnerId).map(BookingRepository::booking).one();
    }

    /** Expired holds, claimed by one instance (SKIP LOCKED) and released in the same statement. */
    public Flux<Booking> expireDueHolds(Instant now, int limit) {
        return db.sql("""
                        UPDATE booking SET status = 'EXPIRED' WHERE id IN (
                            SELECT id FROM booking WHERE status = 'HELD' AND hold_expires_at <= :now
                            ORDER BY hold_expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)""" + " RETURNING " + COLUMNS)
                .bind("now", Rows.utc(now)).bind("limit", limit).map(BookingRepository::booking).all();
    }

    /**
     * Confirmed bookings starting within {@code lead} whose reminder of that kind was not sent: claimed with SKIP
     * LOCKED and marked in the same statement, so each reminder is announced once whatever the number of instances.
     */
    public Flux<Booking> claimReminders(String column, Instant now, java.time.Duration lead, int limit) {
        if (!column.equals("reminded_24h_at") && !column.equals("reminded_1h_at")) {
            throw new IllegalArgumentException(column);
        }
        return db.sql("UPDATE booking SET " + column + " = :now WHERE id IN ("
                        + " SELECT id FROM booking WHERE status = 'CONFIRMED' AND NOT hosting AND " + column + " IS NULL"
                        + " AND starts_at > :now AND starts_at <= :horizon ORDER BY starts_at LIMIT :limit"
                        + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .bind("now", Rows.utc(now)).bind("horizon", Rows.utc(now.plus(lead))).bind("limit", limit)
                .map(BookingRepository::booking).all();
    }

    /** {@code by}: TRAINER or ADMIN, who marked it (printed on the attendance certificate). */
    public Mono<Booking> recordAttendance(UUID id, boolean present, String by, Instant now) {
        return db.sql("UPDATE booking SET attended = :present, attendance_recorded_at = :now, attendance_method = :by"
                        + " WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id).bind("present", present).bind("by", by).bind("now", Rows.utc(now))
                .map(BookingRepository::booking).one();
    }

    /** The learner's bookings still to come (to cancel when the account is erased). */
    public Flux<Booking> futureActiveOf(UUID learnerId, Instant now) {
        return db.sql("SELECT " + COLUMNS + " FROM booking WHERE learner_id = :learner AND status IN ('HELD', 'CONFIRMED')"
                        + " AND starts_at > :now ORDER BY starts_at FOR UPDATE")
                .bind("learner", learnerId).bind("now", Rows.utc(now)).map(BookingRepository::booking).all();
    }

    /** Erasure: what named the learner goes; the bookings stay (attendance records, trainers' history) without them. */
    public Mono<Long> anonymise(UUID learnerId) {
        return db.sql("UPDATE booking SET learner_id = NULL, note = NULL WHERE learner_id = :learner")
                .bind("learner", learnerId).fetch().rowsUpdated();
    }

    static Booking booking(Readable row) {
        String cancelledBy = row.get("cancelled_by", String.class);
        return new Booking(row.get("id", UUID.class), BookingKind.valueOf(row.get("kind", String.class)),
                row.get("trainer_id", UUID.class), row.get("learner_id", UUID.class), row.get("session_id", UUID.class),
                Rows.instant(row, "starts_at"), Rows.instant(row, "ends_at"),
                java.time.ZoneId.of(row.get("zone", String.class)), Rows.instant(row, "blocked_from"),
                Rows.instant(row, "blocked_until"), BookingStatus.valueOf(row.get("status", String.class)),
                Rows.instant(row, "hold_expires_at"), row.get("payment_id", UUID.class), row.get("sequence", Integer.class),
                row.get("note", String.class), Rows.instant(row, "created_at"), Rows.instant(row, "cancelled_at"),
                cancelledBy == null ? null : Actor.valueOf(cancelledBy), row.get("attended", Boolean.class));
    }
}
