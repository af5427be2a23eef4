package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.Certificate;
import fr.mecaformation.progress.domain.RevocationReason;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Issued certificates: what they say, their status, and the holder's data until it is erased. */
@Repository
public class CertificateRepository {

    private static final String COLUMNS = """
            certificate_id, learner_id, course_id, course_title, holder_name, credential_jws, credential_hash, log_index,
            completed_at, issued_at, revoked_at, revocation_reason, erased_at""";

    private final DatabaseClient db;

    public CertificateRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> exists(UUID learnerId, UUID courseId) {
        return db.sql("SELECT 1 FROM certificate WHERE learner_id = :learner AND course_id = :course")
                .bind("learner", learnerId).bind("course", courseId)
                .map(row -> true).first().defaultIfEmpty(false);
    }

    public Mono<Void> insert(Certificate certificate) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO certificate (certificate_id, learner_id, course_id, course_title, holder_name,
                                                 credential_jws, credential_hash, log_index, completed_at, issued_at)
                        VALUES (:id, :learner, :course, :title, :name, :jws, :hash, :index, :completedAt, :issuedAt)""")
                .bind("id", certificate.id()).bind("learner", certificate.learnerId())
                .bind("course", certificate.courseId()).bind("title", certificate.courseTitle())
                .bind("jws", certificate.credentialJws()).bind("hash", certificate.credentialHash())
                .bind("index", certificate.logIndex()).bind("completedAt", utc(certificate.completedAt()))
                .bind("issuedAt", utc(certificate.issuedAt()));
        spec = certificate.holderName() == null ? spec.bindNull("name", String.class) : spec.bind("name", certificate.holderName());
        return spec.then();
    }

    public Mono<Certificate> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM certificate WHERE certificate_id = :id").bind("id", id)
                .map(CertificateRepository::certificate).one();
    }

    public Mono<Certificate> findByHash(byte[] credentialHash) {
        return db.sql("SELECT " + COLUMNS + " FROM certificate WHERE credential_hash = :hash").bind("hash", credentialHash)
                .map(CertificateRepository::certificate).one();
    }

    public Flux<Certificate> ofLearner(UUID learnerId) {
        return db.sql("SELECT " + COLUMNS + " FROM certificate WHERE learner_id = :learner ORDER BY issued_at DESC")
                .bind("learner", learnerId).map(CertificateRepository::certificate).all();
    }

    /** @return false when the certificate was already revoked (or does not exist) */
    public Mono<Boolean> revoke(UUID id, RevocationReason reason, String note, UUID by, Instant at) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE certificate SET revoked_at = :at, revocation_reason = :reason, revocation_note = :note,
                                               revoked_by = :by
                        WHERE certificate_id = :id AND revoked_at IS NULL""")
                .bind("id", id).bind("at", utc(at)).bind("reason", reason.name()).bind("by", by);
        spec = note == null ? spec.bindNull("note", String.class) : spec.bind("note", note);
        return spec.fetch().rowsUpdated().map(updated -> updated > 0);
    }

    public Flux<Certificate> revoked() {
        return db.sql("SELECT " + COLUMNS + " FROM certificate WHERE revoked_at IS NOT NULL ORDER BY revoked_at, certificate_id")
                .map(CertificateRepository::certificate).all();
    }

    /** The holder's name, id and the stored credential go; id, hash, dates, status and the log entry stay. */
    public Mono<Void> eraseHolder(UUID learnerId, Instant at) {
        return db.sql("""
                        UPDATE certificate SET learner_id = NULL, holder_name = NULL, credential_jws = NULL,
                                               erased_at = :at
                        WHERE learner_id = :learner""")
                .bind("learner", learnerId).bind("at", utc(at))
                .then();
    }

    private static Certificate certificate(Readable row) {
        String reason = row.get("revocation_reason", String.class);
        return new Certificate(row.get("certificate_id", UUID.class), row.get("learner_id", UUID.class),
                row.get("course_id", UUID.class), row.get("course_title", String.class),
                row.get("holder_name", String.class), row.get("credential_jws", String.class),
                row.get("credential_hash", byte[].class), row.get("log_index", Long.class),
                instant(row, "completed_at"), instant(row, "issued_at"), instant(row, "revoked_at"),
                reason == null ? null : RevocationReason.valueOf(reason), instant(row, "erased_at"));
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
