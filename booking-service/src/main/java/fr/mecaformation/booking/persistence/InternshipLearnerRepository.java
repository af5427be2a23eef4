package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.internship.LearnerFit;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What internship matching knows of learners, projected from other services' events: profiles (auth-service), course
 * skills (catalog-service), certificates (progress-service). Each write keeps the newest revision, so redeliveries
 * and events out of order leave the latest state.
 */
@Repository
public class InternshipLearnerRepository {

    private final DatabaseClient db;

    public InternshipLearnerRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> profile(UUID userId, String departement, String qualification, List<String> specialities, long revision) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO internship_learner_profile (user_id, departement, target_qualification, specialities, revision)
                        VALUES (:user, :departement, :qualification, :specialities, :revision)
                        ON CONFLICT (user_id) DO UPDATE SET departement = EXCLUDED.departement,
                            target_qualification = EXCLUDED.target_qualification, specialities = EXCLUDED.specialities,
                            revision = EXCLUDED.revision
                        WHERE internship_learner_profile.revision <= EXCLUDED.revision""")
                .bind("user", userId).bind("specialities", specialities.toArray(String[]::new)).bind("revision", revision);
        spec = departement == null ? spec.bindNull("departement", String.class) : spec.bind("departement", departement);
        spec = qualification == null ? spec.bindNull("qualification", String.class) : spec.bind("qualification", qualification);
        return spec.then();
    }

    public Mono<Void> courseSkills(UUID courseId, List<String> skills, long revision) {
        return db.sql("""
                        INSERT INTO internship_course_skills (course_id, skills, revision) VALUES (:course, :skills, :revision)
                        ON CONFLICT (course_id) DO UPDATE SET skills = EXCLUDED.skills, revision = EXCLUDED.revision
                        WHERE internship_course_skills.revision <= EXCLUDED.revision""")
                .bind("course", courseId).bind("skills", skills.toArray(String[]::new)).bind("revision", revision).then();
    }

    public Mono<Void> certificateIssued(UUID certificateId, UUID learnerId, UUID courseId, Instant issuedAt) {
        return db.sql("""
                        INSERT INTO internship_certificate (certificate_id, learner_id, course_id, issued_at)
                        VALUES (:certificate, :learner, :course, :issued) ON CONFLICT (certificate_id) DO NOTHING""")
                .bind("certificate", certificateId).bind("learner", learnerId).bind("course", courseId)
                .bind("issued", Rows.utc(issuedAt)).then();
    }

    /** A revocation heard before its issuance still counts: the row is kept revoked, and the issuance then adds nothing. */
    public Mono<Void> certificateRevoked(UUID certificateId, UUID courseId, Instant revokedAt) {
        return db.sql("""
                        INSERT INTO internship_certificate (certificate_id, learner_id, course_id, issued_at, revoked_at)
                        VALUES (:certificate, NULL, :course, :revoked, :revoked)
                        ON CONFLICT (certificate_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at""")
                .bind("certificate", certificateId).bind("course", courseId).bind("revoked", Rows.utc(revokedAt)).then();
    }

    /** The learner's profile and the skills their valid certificates prove (empty sets when nothing was heard yet). */
    public Mono<LearnerFit> fit(UUID learnerId) {
        Mono<LearnerFit> profile = db.sql("SELECT * FROM internship_learner_profile WHERE user_id = :user")
                .bind("user", learnerId)
                .map(row -> new LearnerFit(learnerId, row.get("departement", String.class),
                        row.get("target_qualification", String.class),
                        Set.copyOf(InternshipRepository.strings(row, "specialities")), Set.of()))
                .one()
                .defaultIfEmpty(LearnerFit.unknown(learnerId));
        Mono<Set<String>> skills = db.sql("""
                        SELECT DISTINCT unnest(s.skills) AS skill FROM internship_certificate c
                        JOIN internship_course_skills s ON s.course_id = c.course_id
                        WHERE c.learner_id = :user AND c.revoked_at IS NULL""")
                .bind("user", learnerId).map(row -> row.get("skill", String.class)).all().collectList().map(Set::copyOf);
        return profile.zipWith(skills, (p, proven) -> new LearnerFit(learnerId, p.departement(), p.targetQualification(),
                p.specialities(), proven));
    }

    /** UserDeleted: the learner's profile and the certificates heard of are deleted. */
    public Mono<Void> forget(UUID learnerId) {
        return db.sql("DELETE FROM internship_learner_profile WHERE user_id = :user").bind("user", learnerId).then()
                .then(db.sql("DELETE FROM internship_certificate WHERE learner_id = :user").bind("user", learnerId).then());
    }
}
