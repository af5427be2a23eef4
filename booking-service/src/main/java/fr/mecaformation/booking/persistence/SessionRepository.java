package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.Session;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** Sessions and their seat count. A seat is taken by one conditional UPDATE: the last seat goes to exactly one request. */
@Repository
public class SessionRepository {

    private final DatabaseClient db;

    public SessionRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Session> insert(Session session, Instant now) {
        return db.sql("""
                        INSERT INTO session (id, trainer_id, kind, title, zone, starts_at, ends_at, capacity, seats_taken, status, created_at,
                                             resource_id)
                        VALUES (:id, :trainer, :kind, :title, :zone, :starts, :ends, :capacity, 0, 'SCHEDULED', :now, :resource)""")
                .bind("id", session.id()).bind("trainer", session.trainerId()).bind("kind", session.kind().name())
                .bind("title", session.title()).bind("zone", session.zone().getId())
                .bind("starts", Rows.utc(session.startsAt())).bind("ends", Rows.utc(session.endsAt()))
                .bind("capacity", session.capacity()).bind("now", Rows.utc(now))
                .bind("resource", session.resourceId() == null ? io.r2dbc.spi.Parameters.in(UUID.class) : session.resourceId())
                .then().thenReturn(session);
    }

    public Mono<Session> findById(UUID id) {
        return db.sql("SELECT * FROM session WHERE id = :id").bind("id", id).map(SessionRepository::session).one();
    }

    public Mono<Session> findForUpdate(UUID id) {
        return db.sql("SELECT * FROM session WHERE id = :id FOR UPDATE").bind("id", id).map(SessionRepository::session).one();
    }

    public Flux<Session> upcoming(Instant from, Instant until) {
        return db.sql("SELECT * FROM session WHERE status = 'SCHEDULED' AND starts_at >= :from AND starts_at < :until"
                        + " ORDER BY starts_at LIMIT 500")
                .bind("from", Rows.utc(from)).bind("until", Rows.utc(until)).map(SessionRepository::session).all();
    }

    /** One seat, if one is left and the session is still to come: empty when full (or cancelled, or started). */
    public Mono<Session> takeSeat(UUID id, Instant now) {
        return db.sql("UPDATE session SET seats_taken = seats_taken + 1 WHERE id = :id AND status = 'SCHEDULED'"
                        + " AND starts_at > :now AND seats_taken < capacity RETURNING *")
                .bind("id", id).bind("now", Rows.utc(now)).map(SessionRepository::session).one();
    }

    public Mono<Long> releaseSeat(UUID id) {
        return db.sql("UPDATE session SET seats_taken = seats_taken - 1 WHERE id = :id AND seats_taken > 0")
                .bind("id", id).fetch().rowsUpdated();
    }

    public Mono<Long> cancel(UUID id) {
        return db.sql("UPDATE session SET status = 'CANCELLED', seats_taken = 0 WHERE id = :id AND status = 'SCHEDULED'")
                .bind("id", id).fetch().rowsUpdated();
    }

    static Session session(Readable row) {
        return new Session(row.get("id", UUID.class), row.get("trainer_id", UUID.class),
                BookingKind.valueOf(row.get("kind", String.class)), row.get("title", String.class),
                ZoneId.of(row.get("zone", String.class)), Rows.instant(row, "starts_at"), Rows.instant(row, "ends_at"),
                row.get("capacity", Integer.class), row.get("seats_taken", Integer.class), row.get("status", String.class),
                row.get("resource_id", UUID.class));
    }
}
