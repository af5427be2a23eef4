package fr.mecaformation.payment.messaging;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.payment.application.StripePrices;
import fr.mecaformation.payment.domain.Offer;
import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.persistence.OfferRepository;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.inbox.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * The catalog's courses as offers: their price and whether they are on sale, newest revision wins; then their
 * Stripe Product and Price.
 */
@Component
public class OfferProjection {

    private static final Logger log = LoggerFactory.getLogger(OfferProjection.class);
    private static final String GROUP = "payment-service.offers";
    private static final EventDescriptor CREATED = EventCatalog.of(CourseCreated.class);
    private static final EventDescriptor UPDATED = EventCatalog.of(CourseUpdated.class);
    private static final EventDescriptor PUBLISHED = EventCatalog.of(CoursePublished.class);

    private final OfferRepository offers;
    private final Inbox inbox;
    private final StripePrices prices;
    private final Clock clock;

    public OfferProjection(OfferRepository offers, Inbox inbox, StripePrices prices, Clock clock) {
        this.prices = prices;
        this.offers = offers;
        this.inbox = inbox;
        this.clock = clock;
    }

    @KafkaListener(topics = CourseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        CourseSnapshot course;
        if (CREATED.type().equals(event.type())) {
            course = event.as(CREATED, CourseCreated.class).course();
        } else if (UPDATED.type().equals(event.type())) {
            course = event.as(UPDATED, CourseUpdated.class).course();
        } else if (PUBLISHED.type().equals(event.type())) {
            course = event.as(PUBLISHED, CoursePublished.class).course();
        } else {
            return;
        }
        Offer offer = new Offer(course.courseId(), course.title(), course.priceCents(), course.currency(),
                "PUBLISHED".equals(course.status()), course.revision());
        inbox.processOnce(GROUP, event.id(), () -> offers.upsert(offer, clock.instant())).block(Duration.ofSeconds(30));
        // Stripe's product and price follow at once, outside the transaction; best effort: a checkout mirrors
        // whatever is missing, so Stripe being away delays nothing but this
        offers.findById(offer.courseId())
                .filter(current -> current.published() && current.priceCents() > 0)
                .flatMap(current -> prices.priceOf(PricedItem.course(current)))
                .doOnError(error -> log.warn("Stripe price of course {} not mirrored yet: {}", offer.courseId(), error.toString()))
                .onErrorComplete()
                .block(Duration.ofSeconds(30));
    }
}
