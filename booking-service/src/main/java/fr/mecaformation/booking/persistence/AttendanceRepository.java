package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.Booking;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Presences and who recorded them: the trainer (or an admin) marking one, or the learner signing in during the
 * session window. A learner's sign-in is one conditional UPDATE (their booking, inside the window, nothing recorded
 * yet): signed once however many requests race.
 */
@Repository
public class AttendanceRepository {

    /** A presence recorded present, when and by whom (TRAINER, ADMIN or LEARNER). */
    public record Presence(Instant recordedAt, String method) {
    }

    private final DatabaseClient db;

    public AttendanceRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Booking> signIn(UUID id, UUID learner, Instant now, Duration opensBefore) {
        return db.sql("UPDATE booking SET attended = true, attendance_recorded_at = :now, attendance_method = 'LEARNER'"
                        + " WHERE id = :id AND learner_id = :learner AND status IN ('CONFIRMED', 'COMPLETED')"
                        + " AND attendance_recorded_at IS NULL AND :now >= starts_at - make_interval(secs => :opens)"
                        + " AND :now < ends_at RETURNING " + BookingRepository.COLUMNS)
                .bind("id", id).bind("learner", learner).bind("now", Rows.utc(now))
                .bind("opens", (double) opensBefore.toSeconds())
                .map(BookingRepository::booking).one();
    }

    /** Who recorded the booking's presence; empty until recorded. */
    public Mono<String> methodOf(UUID id) {
        return db.sql("SELECT attendance_method FROM booking WHERE id = :id AND attendance_method IS NOT NULL")
                .bind("id", id).map(row -> row.get("attendance_method", String.class)).one();
    }

    /** The booking's presence recorded present; empty when absent or not recorded. */
    public Mono<Presence> presence(UUID id) {
        return db.sql("SELECT attendance_recorded_at, attendance_method FROM booking WHERE id = :id AND attended"
                        + " AND attendance_recorded_at IS NOT NULL")
                .bind("id", id).map(row -> new Presence(Rows.instant(row, "attendance_recorded_at"),
                        row.get("attendance_method", String.class))).one();
    }
}
