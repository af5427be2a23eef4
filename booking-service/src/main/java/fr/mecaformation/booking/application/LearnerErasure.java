package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.Actor;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.booking.persistence.CalendarFeedRepository;
import fr.mecaformation.booking.persistence.CoachingPaymentRepository;
import fr.mecaformation.booking.persistence.PersonNameRepository;
import fr.mecaformation.booking.persistence.WaitlistRepository;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * UserDeleted (ARCHITECTURE.md's contract): the learner's bookings still to come are cancelled (trainers are told,
 * freed seats go to the waitlist), their waitlist places closed, then every row loses the learner's id and note, and their calendar feed and remembered name are deleted.
 * Past bookings and their attendance stay, anonymised: funders' audits count sessions and presences, not people.
 * Idempotent: a second delivery finds nothing left to change. Runs in the inbox's transaction.
 */
@Service
public class LearnerErasure {

    private final BookingRepository bookings;
    private final WaitlistRepository waitlist;
    private final CoachingPaymentRepository payments;
    private final Bookings cancellations;
    private final Seats seats;
    private final CalendarFeedRepository feeds;
    private final PersonNameRepository names;
    private final Clock clock;

    public LearnerErasure(BookingRepository bookings, WaitlistRepository waitlist, CoachingPaymentRepository payments,
                          Bookings cancellations, Seats seats, CalendarFeedRepository feeds, PersonNameRepository names, Clock clock) {
        this.bookings = bookings;
        this.waitlist = waitlist;
        this.payments = payments;
        this.cancellations = cancellations;
        this.seats = seats;
        this.feeds = feeds;
        this.names = names;
        this.clock = clock;
    }

    public Mono<Void> erase(UUID learnerId) {
        Instant now = clock.instant();
        return bookings.futureActiveOf(learnerId, now)
                .collectList()
                .flatMapIterable(list -> list)
                .concatMap(booking -> cancellations.cancelNow(booking, Actor.SYSTEM, "compte supprimé", now))
                .then(waitlist.cancelOpenOf(learnerId)
                        .filter(entry -> "OFFERED".equals(entry.status()))
                        .concatMap(offered -> seats.seatFreed(offered.sessionId(), now))
                        .then())
                .then(bookings.anonymise(learnerId))
                .then(waitlist.anonymise(learnerId))
                .then(payments.anonymise(learnerId))
                // the feed URL would still list the anonymised bookings' times: it goes with the account
                .then(feeds.delete(learnerId))
                // certificates made from now on name nobody (the attendance itself stays, anonymised)
                .then(names.forget(learnerId))
                .then();
    }
}
