package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Enrolment;
import fr.mecaformation.catalog.domain.EnrolmentSource;
import fr.mecaformation.catalog.domain.RevocationReason;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
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

    /** Enrolled in the course, or subscribed (a subscription, even past due, opens every course). */
    public Mono<Boolean> hasAccess(UUID courseId, UUID learnerId) {
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM enrolment WHERE course_id = :courseId AND learner_id = :learnerId
                                                                AND revoked_at IS NULL)
                            OR EXISTS (SELECT 1 FROM learner_subscription WHERE learner_id = :learnerId
                                                                           AND status IN ('ACTIVE', 'PAST_DUE')) AS granted""")
                .bind("courseId", courseId).bind("learnerId", learnerId)
                .map(row -> Boolean.TRUE.equals(row.get("granted", Boolean.class))).one();
    }

    /** Records a subscription's state, unless a later announcement is already recorded. */
    public Mono<Void> saveSubscription(UUID learnerId, UUID subscriptionId, String status, Instant asOf) {
        return db.sql("""
                        INSERT INTO learner_subscription (learner_id, subscription_id, status, as_of)
                        VALUES (:learnerId, :subscriptionId, :status, :asOf)
                        ON CONFLICT (learner_id) DO UPDATE SET subscription_id = excluded.subscription_id,
                            status = excluded.status, as_of = excluded.as_of
                        WHERE learner_subscription.as_of <= excluded.as_of""")
                .bind("learnerId", learnerId).bind("subscriptionId", subscriptionId).bind("status", status)
                .bind("asOf", utc(asOf))
                .then();
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
