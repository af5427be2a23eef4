package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.internship.InternshipApplication;
import fr.mecaformation.booking.domain.internship.InternshipOffer;
import fr.mecaformation.events.booking.InternshipApplicationAccepted;
import fr.mecaformation.events.booking.InternshipApplicationDeclined;
import fr.mecaformation.events.booking.InternshipApplicationReceived;
import fr.mecaformation.events.booking.InternshipPublished;
import fr.mecaformation.platform.outbox.OutboxWriter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** The events of booking.internship.v1 (key: offer id), written to the outbox inside the caller's transaction. */
@Component
public class InternshipAnnouncements {

    private final OutboxWriter outbox;

    public InternshipAnnouncements(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Mono<Void> published(InternshipOffer offer) {
        return outbox.append(new InternshipPublished(offer.id(), offer.partnerId(), offer.title(), offer.trade(),
                offer.qualification(), offer.departement(), offer.startsOn(), offer.endsOn(), offer.requiredSkills(),
                offer.places(), offer.publishedAt()));
    }

    public Mono<Void> received(InternshipOffer offer, InternshipApplication application) {
        return outbox.append(new InternshipApplicationReceived(application.id(), offer.id(), offer.partnerId(),
                application.learnerId(), application.appliedAt()));
    }

    public Mono<Void> accepted(InternshipOffer offer, InternshipApplication application, Instant at) {
        return outbox.append(new InternshipApplicationAccepted(application.id(), offer.id(), offer.partnerId(),
                application.learnerId(), offer.startsOn(), offer.endsOn(), offer.placesLeft(), at));
    }

    public Mono<Void> declined(InternshipOffer offer, InternshipApplication application, Instant at) {
        return outbox.append(new InternshipApplicationDeclined(application.id(), offer.id(), offer.partnerId(),
                application.learnerId(), at));
    }
}
