package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.internship.InternshipApplication;
import fr.mecaformation.booking.domain.internship.InternshipMatching;
import fr.mecaformation.booking.domain.internship.InternshipOffer;
import fr.mecaformation.booking.persistence.Constraints;
import fr.mecaformation.booking.persistence.InternshipLearnerRepository;
import fr.mecaformation.booking.persistence.InternshipRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Internships (stages entreprises): partner companies publish offers with their client-credentials token, learners see
 * the offers that fit their profile ranked with the reasons, apply once per offer, and the offer's partner (only it)
 * accepts or declines. A place is taken by a conditional update of the offer's row in the acceptance's transaction:
 * with N places, N acceptances win however many arrive at once, the others are told it is full.
 */
@Service
public class Internships {

    /** Offer dates are French calendar dates: « today » is Paris's. */
    static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    public record Applied(InternshipApplication application, InternshipOffer offer) {
    }

    private final InternshipRepository internships;
    private final InternshipLearnerRepository learners;
    private final InternshipAnnouncements announcements;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Internships(InternshipRepository internships, InternshipLearnerRepository learners,
                       InternshipAnnouncements announcements, TransactionalOperator transactional, Clock clock) {
        this.internships = internships;
        this.learners = learners;
        this.announcements = announcements;
        this.transactional = transactional;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), FRANCE);
    }

    public Mono<InternshipOffer> publish(Caller partner, String title, String description, String trade,
                                         String qualification, String departement, LocalDate startsOn, LocalDate endsOn,
                                         List<String> requiredSkills, int places) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            InternshipOffer offer = InternshipOffer.published(UUID.randomUUID(), partner.id(), title, description, trade,
                    qualification, departement, startsOn, endsOn, requiredSkills, places, today(), now);
            return internships.insert(offer)
                    .flatMap(saved -> announcements.published(saved).thenReturn(saved))
                    .as(transactional::transactional);
        });
    }

    public Flux<InternshipOffer> ofPartner(Caller partner) {
        return internships.ofPartner(partner.id());
    }

    /** One of the partner's own offers; another partner's is a 404, as if it did not exist. */
    public Mono<InternshipOffer> owned(Caller partner, UUID offerId) {
        return internships.findOwned(offerId, partner.id()).switchIfEmpty(Mono.error(() -> notFound(offerId)));
    }

    public Flux<InternshipApplication> applicationsTo(Caller partner, UUID offerId) {
        return owned(partner, offerId).flatMapMany(offer -> internships.applicationsTo(offer.id()));
    }

    /** The offers still open that fit the learner, best first, with why. */
    public Mono<List<InternshipMatching.Match>> matches(Caller learner) {
        return learners.fit(learner.id()).zipWith(internships.open(today()).collectList(),
                (fit, offers) -> InternshipMatching.rank(offers, fit));
    }

    public Mono<InternshipMatching.Match> offerFor(Caller learner, UUID offerId) {
        return internships.findById(offerId).switchIfEmpty(Mono.error(() -> notFound(offerId)))
                .zipWith(learners.fit(learner.id()), InternshipMatching::match);
    }

    public Flux<Applied> applicationsOf(Caller learner) {
        return internships.applicationsOf(learner.id())
                .concatMap(application -> internships.findById(application.offerId())
                        .map(offer -> new Applied(application, offer)));
    }

    /** One application per learner and offer (a unique constraint), to an offer not started and not full. */
    public Mono<Applied> apply(Caller learner, UUID offerId, String motivation) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            LocalDate today = today();
            return internships.findById(offerId).switchIfEmpty(Mono.error(() -> notFound(offerId)))
                    .flatMap(offer -> {
                        if (!offer.startsOn().isAfter(today)) {
                            return Mono.error(new DomainException.Conflict("Ce stage a déjà commencé : les candidatures sont closes."));
                        }
                        if (offer.placesLeft() <= 0) {
                            return Mono.error(full(offer));
                        }
                        return learners.fit(learner.id()).flatMap(fit -> {
                            InternshipApplication application = new InternshipApplication(UUID.randomUUID(), offer.id(),
                                    learner.id(), motivation, InternshipApplication.PENDING, now, null,
                                    InternshipMatching.match(offer, fit).reasons());
                            return internships.apply(application)
                                    .flatMap(saved -> announcements.received(offer, saved).thenReturn(new Applied(saved, offer)));
                        });
                    })
                    .as(transactional::transactional)
                    .onErrorMap(error -> Constraints.violated(error)
                            .filter("internship_one_application_per_learner"::equals)
                            .<Throwable>map(c -> new DomainException.Conflict("Vous avez déjà candidaté à ce stage :"
                                    + " une seule candidature par stage."))
                            .orElse(error));
        });
    }

    /**
     * The offer's partner accepts a pending application: the place is taken first (the offer's row, conditional on a
     * place being left), then the application decided; either refused undoes both.
     */
    public Mono<Applied> accept(Caller partner, UUID offerId, UUID applicationId) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            LocalDate today = today();
            return owned(partner, offerId)
                    .flatMap(offer -> internships.takePlace(offer.id(), partner.id(), today)
                            .switchIfEmpty(Mono.error(() -> offer.startsOn().isAfter(today) ? full(offer)
                                    : new DomainException.Conflict("Ce stage a déjà commencé : plus aucune décision possible."))))
                    .flatMap(offer -> decided(applicationId, offer, InternshipApplication.ACCEPTED, now)
                            .flatMap(application -> announcements.accepted(offer, application, now)
                                    .thenReturn(new Applied(application, offer))))
                    .as(transactional::transactional)
                    // the database's check is the last word if ever the conditional update were bypassed
                    .onErrorMap(error -> Constraints.violated(error).filter("internship_places_within_offer"::equals)
                            .<Throwable>map(c -> new DomainException.Conflict("Ce stage est complet : plus aucune place."))
                            .orElse(error));
        });
    }

    public Mono<Applied> decline(Caller partner, UUID offerId, UUID applicationId) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return owned(partner, offerId)
                    .flatMap(offer -> decided(applicationId, offer, InternshipApplication.DECLINED, now)
                            .flatMap(application -> announcements.declined(offer, application, now)
                                    .thenReturn(new Applied(application, offer))))
                    .as(transactional::transactional);
        });
    }

    private Mono<InternshipApplication> decided(UUID applicationId, InternshipOffer offer, String status, Instant now) {
        return internships.decide(applicationId, offer.id(), status, now)
                .switchIfEmpty(Mono.defer(() -> internships.application(applicationId)
                        .filter(existing -> existing.offerId().equals(offer.id()))
                        .switchIfEmpty(Mono.error(() -> new DomainException.NotFound(
                                "Aucune candidature " + applicationId + " à ce stage.")))
                        .flatMap(existing -> Mono.error(new DomainException.Conflict("Cette candidature a déjà reçu une réponse ("
                                + label(existing.status()) + ") : elle ne change plus.")))));
    }

    private static String label(String status) {
        return switch (status) {
            case InternshipApplication.ACCEPTED -> "acceptée";
            case InternshipApplication.DECLINED -> "refusée";
            case InternshipApplication.WITHDRAWN -> "retirée";
            default -> "en attente";
        };
    }

    private static DomainException full(InternshipOffer offer) {
        return new DomainException.Conflict("Ce stage est complet : " + (offer.places() == 1 ? "sa place est prise."
                : "ses " + offer.places() + " places sont prises."));
    }

    private static DomainException notFound(UUID offerId) {
        return new DomainException.NotFound("Aucun stage " + offerId + ".");
    }
}
