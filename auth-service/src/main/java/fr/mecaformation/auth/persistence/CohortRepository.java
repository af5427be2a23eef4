package fr.mecaformation.auth.persistence;

import fr.mecaformation.auth.domain.Cohort;
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

    private static Cohort cohort(Readable row) {
        return new Cohort(row.get("id", UUID.class), row.get("name", String.class), row.get("trainer_id", UUID.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
