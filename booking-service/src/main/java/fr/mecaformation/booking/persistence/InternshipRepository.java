package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.internship.InternshipApplication;
import fr.mecaformation.booking.domain.internship.InternshipOffer;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Internship offers and applications. A place is taken by one conditional UPDATE of the offer's row (the
 * {@code internship_places_within_offer} check backs it), one application per learner and offer by a unique constraint.
 */
@Repository
public class InternshipRepository {

    private final DatabaseClient db;

    public InternshipRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<InternshipOffer> insert(InternshipOffer offer) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO internship_offer (id, partner_id, title, description, trade, qualification, departement,
                            starts_on, ends_on, required_skills, places, places_taken, published_at)
                        VALUES (:id, :partner, :title, :description, :trade, :qualification, :departement, :starts, :ends,
                            :skills, :places, 0, :now)""")
                .bind("id", offer.id()).bind("partner", offer.partnerId()).bind("title", offer.title())
                .bind("trade", offer.trade()).bind("departement", offer.departement())
                .bind("starts", offer.startsOn()).bind("ends", offer.endsOn())
                .bind("skills", offer.requiredSkills().toArray(String[]::new)).bind("places", offer.places())
                .bind("now", Rows.utc(offer.publishedAt()));
        spec = offer.description() == null ? spec.bindNull("description", String.class) : spec.bind("description", offer.description());
        spec = offer.qualification() == null ? spec.bindNull("qualification", String.class)
                : spec.bind("qualification", offer.qualification());
        return spec.then().thenReturn(offer);
    }

    public Mono<InternshipOffer> findById(UUID id) {
        return db.sql("SELECT * FROM internship_offer WHERE id = :id").bind("id", id).map(InternshipRepository::offer).one();
    }

    /** The offer if this partner published it: another partner's offer is as unknown as a missing one. */
    public Mono<InternshipOffer> findOwned(UUID id, UUID partnerId) {
        return db.sql("SELECT * FROM internship_offer WHERE id = :id AND partner_id = :partner")
                .bind("id", id).bind("partner", partnerId).map(InternshipRepository::offer).one();
    }

    public Flux<InternshipOffer> ofPartner(UUID partnerId) {
        return db.sql("SELECT * FROM internship_offer WHERE partner_id = :partner ORDER BY starts_on, id LIMIT 500")
                .bind("partner", partnerId).map(InternshipRepository::offer).all();
    }

    /** Offers still to start with a place left: what matching ranks (the soonest first, bounded). */
    public Flux<InternshipOffer> open(LocalDate today) {
        return db.sql("SELECT * FROM internship_offer WHERE starts_on > :today AND places_taken < places"
                        + " ORDER BY starts_on, id LIMIT 2000")
                .bind("today", today).map(InternshipRepository::offer).all();
    }

    /** One place of the partner's offer, if one is left and it hasn't started: empty otherwise. */
    public Mono<InternshipOffer> takePlace(UUID offerId, UUID partnerId, LocalDate today) {
        return db.sql("UPDATE internship_offer SET places_taken = places_taken + 1 WHERE id = :id AND partner_id = :partner"
                        + " AND starts_on > :today AND places_taken < places RETURNING *")
                .bind("id", offerId).bind("partner", partnerId).bind("today", today)
                .map(InternshipRepository::offer).one();
    }

    public Mono<Long> releasePlace(UUID offerId) {
        return db.sql("UPDATE internship_offer SET places_taken = places_taken - 1 WHERE id = :id AND places_taken > 0")
                .bind("id", offerId).fetch().rowsUpdated();
    }

    public Mono<InternshipApplication> apply(InternshipApplication application) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO internship_application (id, offer_id, learner_id, motivation, status, applied_at, reasons)
                        VALUES (:id, :offer, :learner, :motivation, 'PENDING', :now, :reasons)""")
                .bind("id", application.id()).bind("offer", application.offerId()).bind("learner", application.learnerId())
                .bind("now", Rows.utc(application.appliedAt()))
                .bind("reasons", application.reasons().toArray(String[]::new));
        spec = application.motivation() == null ? spec.bindNull("motivation", String.class)
                : spec.bind("motivation", application.motivation());
        return spec.then().thenReturn(application);
    }

    public Mono<InternshipApplication> application(UUID id) {
        return db.sql("SELECT * FROM internship_application WHERE id = :id").bind("id", id)
                .map(InternshipRepository::applicationRow).one();
    }

    /** Decides a pending application of this offer: empty when it is not pending (or not of this offer). */
    public Mono<InternshipApplication> decide(UUID applicationId, UUID offerId, String status, Instant now) {
        return db.sql("UPDATE internship_application SET status = :status, decided_at = :now"
                        + " WHERE id = :id AND offer_id = :offer AND status = 'PENDING' RETURNING *")
                .bind("status", status).bind("now", Rows.utc(now)).bind("id", applicationId).bind("offer", offerId)
                .map(InternshipRepository::applicationRow).one();
    }

    public Flux<InternshipApplication> applicationsTo(UUID offerId) {
        return db.sql("SELECT * FROM internship_application WHERE offer_id = :offer ORDER BY applied_at, id")
                .bind("offer", offerId).map(InternshipRepository::applicationRow).all();
    }

    public Flux<InternshipApplication> applicationsOf(UUID learnerId) {
        return db.sql("SELECT * FROM internship_application WHERE learner_id = :learner ORDER BY applied_at DESC, id")
                .bind("learner", learnerId).map(InternshipRepository::applicationRow).all();
    }

    /**
     * Withdraws the learner's applications to internships not started yet that still count (pending or accepted);
     * answers them as they were before, so an accepted one gives its place back.
     */
    public Flux<InternshipApplication> withdrawUpcomingOf(UUID learnerId, LocalDate today, Instant now) {
        return db.sql("""
                        WITH upcoming AS (
                            SELECT a.id, a.status FROM internship_application a JOIN internship_offer o ON o.id = a.offer_id
                            WHERE a.learner_id = :learner AND o.starts_on > :today AND a.status IN ('PENDING', 'ACCEPTED')
                            FOR UPDATE OF a)
                        UPDATE internship_application a SET status = 'WITHDRAWN', decided_at = :now
                        FROM upcoming WHERE a.id = upcoming.id
                        RETURNING a.*, upcoming.status AS previous_status""")
                .bind("now", Rows.utc(now)).bind("learner", learnerId).bind("today", today)
                .map((row, meta) -> new Withdrawn(applicationRow(row), row.get("previous_status", String.class))).all()
                .map(Withdrawn::asPrevious);
    }

    private record Withdrawn(InternshipApplication application, String previousStatus) {
        InternshipApplication asPrevious() {
            InternshipApplication a = application;
            return new InternshipApplication(a.id(), a.offerId(), a.learnerId(), a.motivation(), previousStatus,
                    a.appliedAt(), a.decidedAt(), a.reasons());
        }
    }

    /** Every application of the learner loses who they are and what they wrote; status and dates stay for counts. */
    public Mono<Long> anonymise(UUID learnerId) {
        return db.sql("UPDATE internship_application SET learner_id = NULL, motivation = NULL, reasons = '{}'"
                        + " WHERE learner_id = :learner")
                .bind("learner", learnerId).fetch().rowsUpdated();
    }

    static InternshipOffer offer(Readable row) {
        return new InternshipOffer(row.get("id", UUID.class), row.get("partner_id", UUID.class),
                row.get("title", String.class), row.get("description", String.class), row.get("trade", String.class),
                row.get("qualification", String.class), row.get("departement", String.class),
                row.get("starts_on", LocalDate.class), row.get("ends_on", LocalDate.class),
                strings(row, "required_skills"), row.get("places", Integer.class), row.get("places_taken", Integer.class),
                Rows.instant(row, "published_at"));
    }

    static InternshipApplication applicationRow(Readable row) {
        return new InternshipApplication(row.get("id", UUID.class), row.get("offer_id", UUID.class),
                row.get("learner_id", UUID.class), row.get("motivation", String.class), row.get("status", String.class),
                Rows.instant(row, "applied_at"), Rows.instant(row, "decided_at"), strings(row, "reasons"));
    }

    static List<String> strings(Readable row, String column) {
        String[] values = row.get(column, String[].class);
        return values == null ? List.of() : Arrays.asList(values);
    }
}
