package fr.mecaformation.booking.application;

import fr.mecaformation.booking.config.BookingProperties;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.platform.work.PollingLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time-driven work, one pass every poll interval: lapsed coaching holds free their slot, unanswered waitlist offers
 * pass to the next learner, reminders T-24 h and T-1 h are announced once, ended bookings are completed. Every claim
 * is an UPDATE over {@code FOR UPDATE SKIP LOCKED} with its event in the same transaction, so several instances share
 * the work and nothing is announced twice.
 */
@Service
public class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final int BATCH = 200;

    private final BookingRepository bookings;
    private final Seats seats;
    private final BookingAnnouncements announcements;
    private final TransactionalOperator transactional;
    private final Clock clock;
    private final PollingLoop loop;

    public Housekeeping(BookingRepository bookings, Seats seats, BookingAnnouncements announcements,
                        TransactionalOperator transactional, BookingProperties properties, Clock clock) {
        this.bookings = bookings;
        this.seats = seats;
        this.announcements = announcements;
        this.transactional = transactional;
        this.clock = clock;
        this.loop = new PollingLoop(properties.pollInterval(), this::pass, error -> {
            log.error("booking housekeeping pass failed", error);
            return Mono.empty();
        });
    }

    public Mono<Void> pass() {
        return expireHolds().then(seats.expireOffers(BATCH)).then(remind()).then(completePast()).then();
    }

    /** Holds past their time stop holding the slot (the exclusion constraint no longer counts them). */
    public Mono<Long> expireHolds() {
        return bookings.expireDueHolds(clock.instant(), BATCH).count().as(transactional::transactional);
    }

    /** T-24 h (only while more than an hour is left: closer than that, T-1 h is the reminder) and T-1 h, once each. */
    public Mono<Long> remind() {
        Instant now = clock.instant();
        Mono<Long> day = bookings.claimReminders("reminded_24h_at", now, Duration.ofHours(24), BATCH)
                .filter(booking -> booking.startsAt().isAfter(now.plus(Duration.ofHours(1))))
                .concatMap(booking -> announcements.reminder(booking, "T24H"))
                .count().as(transactional::transactional);
        Mono<Long> hour = bookings.claimReminders("reminded_1h_at", now, Duration.ofHours(1), BATCH)
                .concatMap(booking -> announcements.reminder(booking, "T1H"))
                .count().as(transactional::transactional);
        return day.then(hour);
    }

    public Mono<Long> completePast() {
        return bookings.completePast(clock.instant(), BATCH).as(transactional::transactional);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
