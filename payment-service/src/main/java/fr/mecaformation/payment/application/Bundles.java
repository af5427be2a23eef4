package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.Bundle;
import fr.mecaformation.payment.domain.Offer;
import fr.mecaformation.payment.persistence.BundleRepository;
import fr.mecaformation.payment.persistence.OfferRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Bundles admins put together from published, paid courses. Their Stripe price is mirrored at the first checkout. */
@Service
public class Bundles {

    private final BundleRepository bundles;
    private final OfferRepository offers;
    private final Clock clock;

    public Bundles(BundleRepository bundles, OfferRepository offers, Clock clock) {
        this.bundles = bundles;
        this.offers = offers;
        this.clock = clock;
    }

    public Mono<Bundle> create(Caller admin, String title, List<UUID> courseIds, long priceCents) {
        return offers.findAll(courseIds).collectList().flatMap(found -> {
            List<FieldError> errors = courseIds.stream()
                    .filter(course -> found.stream().noneMatch(offer -> offer.courseId().equals(course) && offer.published()))
                    .map(course -> new FieldError("courseIds", "la formation " + course + " n'est pas publiée ou n'existe pas"))
                    .toList();
            if (errors.isEmpty()) {
                errors = found.stream().filter(offer -> offer.priceCents() == 0)
                        .map(offer -> new FieldError("courseIds", "la formation « " + offer.title() + " » est gratuite"))
                        .toList();
            }
            if (!errors.isEmpty()) {
                return Mono.error(new DomainException.Invalid("Un pack ne réunit que des formations payantes publiées.", errors));
            }
            long separately = found.stream().mapToLong(Offer::priceCents).sum();
            if (priceCents >= separately) {
                return Mono.error(new DomainException.Invalid("Le prix du pack doit être inférieur à la somme des formations ("
                        + separately / 100 + "," + String.format("%02d", separately % 100) + " €).",
                        List.of(new FieldError("price", "doit être inférieur à la somme des formations"))));
            }
            return bundles.insert(new Bundle(UUID.randomUUID(), title, priceCents, true, courseIds), admin.id(), clock.instant());
        });
    }

    public Mono<List<Bundle>> list(boolean activeOnly) {
        return bundles.all(activeOnly).collectList();
    }

    /** Takes a bundle off sale; purchases already made keep what they granted. */
    public Mono<Void> deactivate(UUID bundleId) {
        return bundles.exists(bundleId).flatMap(exists -> exists ? bundles.deactivate(bundleId, clock.instant()).then()
                : Mono.error(new DomainException.NotFound("Aucun pack " + bundleId + ".")));
    }
}
