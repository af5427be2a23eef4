package fr.mecaformation.payment.messaging;

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
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The catalog's courses as offers: their price and whether they are on sale, newest revision wins (the inbox
 * transaction, local only); then, after the commit and off the listener thread, their Stripe Product and Price.
 * That mirroring is best effort: Stripe being slow or away never holds up the partition, and a checkout mirrors
 * whatever is still missing ({@link StripePrices#priceOf}, keyed calls, so two mirrorings of one offer agree).
 */
@Component
public class OfferProjection {

    private static final Logger log = LoggerFactory.getLogger(OfferProjection.class);
    private static final String GROUP = "payment-service.offers";
    private static final Duration MIRROR_TIMEOUT = Duration.ofSeconds(30);

    private final OfferRepository offers;
    private final StripePrices prices;
    private final Clock clock;
    private final EventHandlers handlers;

    public OfferProjection(OfferRepository offers, EventDispatcher dispatcher, StripePrices prices, Clock clock) {
        this.prices = prices;
        this.offers = offers;
        this.clock = clock;
        this.handlers = dispatcher.group(GROUP)
                .on(CourseCreated.class, created -> project(created.course()), created -> mirrorLater(created.course()))
                .on(CourseUpdated.class, updated -> project(updated.course()), updated -> mirrorLater(updated.course()))
                .on(CoursePublished.class, published -> project(published.course()), published -> mirrorLater(published.course()));
    }

    @KafkaListener(topics = CourseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    private Mono<Void> project(CourseSnapshot course) {
        return offers.upsert(new Offer(course.courseId(), course.title(), course.priceCents(), course.currency(),
                "PUBLISHED".equals(course.status()), course.revision()), clock.instant());
    }

    /** Starts mirroring the offer as it now stands (a newer revision may have won) and returns at once. */
    private void mirrorLater(CourseSnapshot course) {
        UUID courseId = course.courseId();
        offers.findById(courseId)
                .filter(current -> current.published() && current.priceCents() > 0)
                .flatMap(current -> prices.priceOf(PricedItem.course(current)))
                .timeout(MIRROR_TIMEOUT)
                .doOnError(error -> log.warn("Stripe price of course {} not mirrored yet: {}", courseId, error.toString()))
                .onErrorComplete()
                .subscribe();
    }
}
