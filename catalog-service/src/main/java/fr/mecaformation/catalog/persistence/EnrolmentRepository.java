package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Enrolment;
import fr.mecaformation.catalog.domain.EnrolmentSource;
import fr.mecaformation.catalog.domain.RevocationReason;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.UUID;

import static fr.mecaformation.catalog.persistence.LessonRepository.instant;
import static fr.mecaformation.catalog.persistence.LessonRepository.utc;

@Repository
public class EnrolmentRepository {

    private static final String COLUMNS = "course_id, learner_id, source, source_ref, granted_at, revoked_at, revoke_reason";

    private final DatabaseClient db;

    public EnrolmentRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Enrolment> findForUpdate(UUID courseId, UUID learnerId) {
        return db.sql("SELECT " + COLUMNS + " FROM enrolment WHERE course_id = :courseId AND learner_id = :learnerId FOR UPDATE")
                .bind("courseId", courseId).bind("learnerId", learnerId)
                .map(EnrolmentRepository::toEnrolment).one();
    }

    public Mono<Boolean> isActive(UUID courseId, UUID learnerId) {
        return db.sql("SELECT 1 FROM enrolment WHERE course_id = :courseId AND learner_id = :learnerId AND revoked_at IS NULL")
                .bind("courseId", courseId).bind("learnerId", learnerId)
                .map(row -> true).one().defaultIfEmpty(false);
    }

    public Flux<Enrolment> activeOf(UUID learnerId) {
        return db.sql("SELECT " + COLUMNS + " FROM enrolment WHERE learner_id = :learnerId AND revoked_at IS NULL ORDER BY granted_at DESC")
                .bind("learnerId", learnerId).map(EnrolmentRepository::toEnrolment).all();
    }

    /** Writes the enrolment as it now stands, whether new, reopened or revoked. */
    public Mono<Enrolment> save(Enrolment enrolment) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO enrolment (course_id, learner_id, source, source_ref, granted_at, revoked_at, revoke_reason)
                        VALUES (:courseId, :learnerId, :source, :sourceRef, :grantedAt, :revokedAt, :revokeReason)
                        ON CONFLICT (course_id, learner_id) DO UPDATE SET source = excluded.source, source_ref = excluded.source_ref,
                            granted_at = excluded.granted_at, revoked_at = excluded.revoked_at, revoke_reason = excluded.revoke_reason""")
                .bind("courseId", enrolment.courseId()).bind("learnerId", enrolment.learnerId())
                .bind("source", enrolment.source().name()).bind("grantedAt", utc(enrolment.grantedAt()));
        spec = enrolment.sourceRef() == null ? spec.bindNull("sourceRef", String.class) : spec.bind("sourceRef", enrolment.sourceRef());
        spec = enrolment.revokedAt() == null ? spec.bindNull("revokedAt", OffsetDateTime.class) : spec.bind("revokedAt", utc(enrolment.revokedAt()));
        spec = enrolment.revokeReason() == null ? spec.bindNull("revokeReason", String.class) : spec.bind("revokeReason", enrolment.revokeReason().name());
        return spec.then().thenReturn(enrolment);
    }

    private static Enrolment toEnrolment(Readable row) {
        String reason = row.get("revoke_reason", String.class);
        return new Enrolment(row.get("course_id", UUID.class), row.get("learner_id", UUID.class),
                EnrolmentSource.valueOf(row.get("source", String.class)), row.get("source_ref", String.class),
                instant(row, "granted_at"), instant(row, "revoked_at"), reason == null ? null : RevocationReason.valueOf(reason));
    }
}
