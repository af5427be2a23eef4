package fr.mecaformation.auth.persistence;

import fr.mecaformation.auth.domain.Cohort;
import fr.mecaformation.auth.domain.CohortInvitation;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class CohortRepository {

    private final DatabaseClient db;

    public CohortRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Cohort> insert(Cohort cohort) {
        return db.sql("INSERT INTO cohort (id, name, trainer_id, created_at) VALUES (:id, :name, :trainerId, :createdAt)")
                .bind("id", cohort.id())
                .bind("name", cohort.name())
                .bind("trainerId", cohort.trainerId())
                .bind("createdAt", cohort.createdAt().atOffset(ZoneOffset.UTC))
                .then()
                .thenReturn(cohort);
    }

    public Mono<Cohort> findById(UUID id) {
        return db.sql("SELECT id, name, trainer_id, created_at FROM cohort WHERE id = :id")
                .bind("id", id).map(CohortRepository::cohort).one();
    }

    public Flux<Cohort> findByTrainer(UUID trainerId) {
        return db.sql("SELECT id, name, trainer_id, created_at FROM cohort WHERE trainer_id = :trainerId ORDER BY name")
                .bind("trainerId", trainerId).map(CohortRepository::cohort).all();
    }

    public Flux<Cohort> findAll() {
        return db.sql("SELECT id, name, trainer_id, created_at FROM cohort ORDER BY name")
                .map(CohortRepository::cohort).all();
    }

    /** False when the learner was already a member. */
    public Mono<Boolean> addMember(UUID cohortId, UUID userId, Instant at) {
        return db.sql("INSERT INTO cohort_member (cohort_id, user_id, added_at) VALUES (:cohortId, :userId, :at) "
                        + "ON CONFLICT DO NOTHING")
                .bind("cohortId", cohortId)
                .bind("userId", userId)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    public Flux<UUID> members(UUID cohortId) {
        return db.sql("SELECT user_id FROM cohort_member WHERE cohort_id = :cohortId ORDER BY added_at")
                .bind("cohortId", cohortId)
                .map(row -> row.get("user_id", UUID.class))
                .all();
    }

    /** Whether the learner is in one of this trainer's cohorts: what lets a trainer see a learner. */
    public Mono<Boolean> isTaughtBy(UUID learnerId, UUID trainerId) {
        return db.sql("SELECT 1 FROM cohort_member m JOIN cohort c ON c.id = m.cohort_id "
                        + "WHERE m.user_id = :learnerId AND c.trainer_id = :trainerId LIMIT 1")
                .bind("learnerId", learnerId)
                .bind("trainerId", trainerId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * Invites a learner, or invites them again after they declined; false when they are already invited or were
     * already a member (an invitation they accepted).
     */
    public Mono<Boolean> invite(UUID cohortId, UUID userId, UUID invitedBy, Instant at) {
        return db.sql("INSERT INTO cohort_invitation (cohort_id, user_id, invited_by, status, invited_at) "
                        + "SELECT :cohortId, :userId, :invitedBy, 'PENDING', :at "
                        + "WHERE NOT EXISTS (SELECT 1 FROM cohort_member WHERE cohort_id = :cohortId AND user_id = :userId) "
                        + "ON CONFLICT (cohort_id, user_id) DO UPDATE SET status = 'PENDING', invited_by = EXCLUDED.invited_by, "
                        + "invited_at = EXCLUDED.invited_at, answered_at = NULL WHERE cohort_invitation.status = 'DECLINED'")
                .bind("cohortId", cohortId)
                .bind("userId", userId)
                .bind("invitedBy", invitedBy)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** The learner's answer to a pending invitation; false when there is none to answer. */
    public Mono<Boolean> answer(UUID cohortId, UUID userId, boolean accepted, Instant at) {
        return db.sql("UPDATE cohort_invitation SET status = :status, answered_at = :at "
                        + "WHERE cohort_id = :cohortId AND user_id = :userId AND status = 'PENDING'")
                .bind("status", accepted ? "ACCEPTED" : "DECLINED")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("cohortId", cohortId)
                .bind("userId", userId)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    public Mono<Boolean> isInvited(UUID cohortId, UUID userId) {
        return db.sql("SELECT 1 FROM cohort_invitation WHERE cohort_id = :cohortId AND user_id = :userId AND status = 'PENDING'")
                .bind("cohortId", cohortId)
                .bind("userId", userId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /** A learner's pending invitations, newest first, with the cohort and its trainer's display name. */
    public Flux<CohortInvitation> pendingInvitations(UUID userId) {
        return db.sql("SELECT i.cohort_id, c.name, c.trainer_id, p.display_name AS trainer_name, i.invited_at "
                        + "FROM cohort_invitation i JOIN cohort c ON c.id = i.cohort_id "
                        + "LEFT JOIN learner_profile p ON p.user_id = c.trainer_id AND p.erased_at IS NULL "
                        + "WHERE i.user_id = :userId AND i.status = 'PENDING' ORDER BY i.invited_at DESC")
                .bind("userId", userId)
                .map(row -> new CohortInvitation(row.get("cohort_id", UUID.class), row.get("name", String.class),
                        row.get("trainer_id", UUID.class), row.get("trainer_name", String.class),
                        row.get("invited_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    /** An erased account's invitations go with it: who invited whom is personal data too. */
    public Mono<Void> forgetInvitations(UUID userId) {
        return db.sql("DELETE FROM cohort_invitation WHERE user_id = :userId").bind("userId", userId).then();
    }

    private static Cohort cohort(Readable row) {
        return new Cohort(row.get("id", UUID.class), row.get("name", String.class), row.get("trainer_id", UUID.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
