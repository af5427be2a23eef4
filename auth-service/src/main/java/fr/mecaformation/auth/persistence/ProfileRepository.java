package fr.mecaformation.auth.persistence;

import fr.mecaformation.auth.domain.Departement;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.domain.Qualification;
import fr.mecaformation.auth.domain.Speciality;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Repository
public class ProfileRepository {

    private static final String COLUMNS = "user_id, email, display_name, legal_name, phone, region, target_qualification, "
            + "specialities, weekly_availability_hours, company, created_at, updated_at, revision";

    private final DatabaseClient db;

    public ProfileRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<LearnerProfile> insert(LearnerProfile profile) {
        return bind(db.sql("INSERT INTO learner_profile (" + COLUMNS + ") VALUES (:userId, :email, :displayName, "
                        + ":legalName, :phone, :region, :targetQualification, :specialities, :weeklyAvailabilityHours, :company, "
                        + ":createdAt, :updatedAt, :revision)"), profile)
                .bind("legalName", nullable(profile.legalName()))
                .then()
                .thenReturn(profile);
    }

    /** Writes a revision only over the one it was made from (optimistic lock); empty when another change won. */
    public Mono<LearnerProfile> update(LearnerProfile profile) {
        return bind(db.sql("UPDATE learner_profile SET display_name = :displayName, phone = :phone, region = :region, "
                        + "target_qualification = :targetQualification, specialities = :specialities, "
                        + "weekly_availability_hours = :weeklyAvailabilityHours, company = :company, "
                        + "updated_at = :updatedAt, revision = :revision "
                        + "WHERE user_id = :userId AND email = :email AND created_at = :createdAt "
                        + "AND revision = :revision - 1"), profile)
                .fetch().rowsUpdated()
                .filter(rows -> rows == 1)
                .map(rows -> profile);
    }

    /** The legal name an admin set, over the revision it was made from (optimistic lock); empty when another change won. */
    public Mono<LearnerProfile> updateLegalName(LearnerProfile profile) {
        return db.sql("UPDATE learner_profile SET legal_name = :legalName, updated_at = :updatedAt, revision = :revision "
                        + "WHERE user_id = :userId AND erased_at IS NULL AND revision = :revision - 1")
                .bind("legalName", profile.legalName())
                .bind("updatedAt", profile.updatedAt().atOffset(ZoneOffset.UTC))
                .bind("revision", profile.revision())
                .bind("userId", profile.userId())
                .fetch().rowsUpdated()
                .filter(rows -> rows == 1)
                .map(rows -> profile);
    }

    /** The profile of a live account; an erased one is not found. */
    public Mono<LearnerProfile> findById(UUID userId) {
        return db.sql("SELECT " + COLUMNS + " FROM learner_profile WHERE user_id = :userId AND erased_at IS NULL")
                .bind("userId", userId)
                .map(ProfileRepository::profile)
                .one();
    }

    /** The live account with this e-mail address, whatever its case. */
    public Mono<UUID> idOfEmail(String email) {
        return db.sql("SELECT user_id FROM learner_profile WHERE lower(email) = lower(:email) AND erased_at IS NULL")
                .bind("email", email)
                .map(row -> row.get("user_id", UUID.class))
                .one();
    }

    public Mono<Boolean> isErased(UUID userId) {
        return db.sql("SELECT 1 FROM learner_profile WHERE user_id = :userId AND erased_at IS NOT NULL")
                .bind("userId", userId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * Keeps the row (the id stays taken, the audit keeps its subject) and nothing that identifies the person. An
     * account that never saved a profile gets an erased row too, so it can't come back through an old token.
     */
    public Mono<Void> erase(UUID userId, Instant at) {
        String placeholder = "efface-" + userId + "@invalid.mecaformation.fr";
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        return db.sql("INSERT INTO learner_profile (user_id, email, display_name, created_at, updated_at, revision, erased_at) "
                        + "VALUES (:userId, :email, 'Compte supprimé', :at, :at, 1, :at) "
                        + "ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name, legal_name = NULL, "
                        + "phone = NULL, region = NULL, target_qualification = NULL, specialities = '{}', "
                        + "weekly_availability_hours = NULL, company = NULL, updated_at = :at, "
                        + "revision = learner_profile.revision + 1, erased_at = :at")
                .bind("userId", userId)
                .bind("email", placeholder)
                .bind("at", when)
                .then();
    }

    public Mono<Boolean> emailTaken(String email) {
        return db.sql("SELECT 1 FROM learner_profile WHERE email = :email")
                .bind("email", email)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, LearnerProfile p) {
        return spec.bind("userId", p.userId())
                .bind("email", p.email())
                .bind("displayName", p.displayName())
                .bind("phone", nullable(p.phone()))
                .bind("region", nullable(p.region() == null ? null : p.region().code()))
                .bind("targetQualification", nullable(p.targetQualification() == null ? null : p.targetQualification().name()))
                .bind("specialities", p.specialities().stream().map(Enum::name).sorted().toArray(String[]::new))
                .bind("weeklyAvailabilityHours", p.weeklyAvailabilityHours() == null
                        ? io.r2dbc.spi.Parameters.in(Integer.class) : p.weeklyAvailabilityHours())
                .bind("company", nullable(p.company()))
                .bind("createdAt", p.createdAt().atOffset(ZoneOffset.UTC))
                .bind("updatedAt", p.updatedAt().atOffset(ZoneOffset.UTC))
                .bind("revision", p.revision());
    }

    private static Object nullable(String value) {
        return value == null ? io.r2dbc.spi.Parameters.in(String.class) : value;
    }

    private static LearnerProfile profile(Readable row) {
        String region = row.get("region", String.class);
        String qualification = row.get("target_qualification", String.class);
        String[] specialities = row.get("specialities", String[].class);
        Set<Speciality> parsed = specialities == null ? Set.of()
                : Arrays.stream(specialities).map(Speciality::valueOf).collect(Collectors.toSet());
        return new LearnerProfile(row.get("user_id", UUID.class), row.get("email", String.class),
                row.get("display_name", String.class), row.get("legal_name", String.class), row.get("phone", String.class),
                region == null ? null : new Departement(region),
                qualification == null ? null : Qualification.valueOf(qualification), parsed,
                row.get("weekly_availability_hours", Integer.class), row.get("company", String.class),
                instant(row.get("created_at", OffsetDateTime.class)), instant(row.get("updated_at", OffsetDateTime.class)),
                row.get("revision", Long.class));
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
