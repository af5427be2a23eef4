package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingStatus;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.booking.persistence.CalendarFeedRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Private per-person iCal feeds. The token (256 random bits) is the only authorisation a calendar app can carry, so
 * it is shown once and only its SHA-256 is stored; a new token replaces the previous one, revoking deletes it, and an
 * unknown, replaced or revoked token is the same 404 (nothing tells a guesser which). The feed holds the person's
 * bookings as learner and as trainer that were booked for real: confirmed, done or cancelled (a lapsed hold never was).
 */
@Service
public class CalendarFeeds {

    private static final Set<BookingStatus> LISTED = EnumSet.of(BookingStatus.CONFIRMED, BookingStatus.COMPLETED,
            BookingStatus.CANCELLED);
    /** 32 bytes in unpadded base64url; anything longer is not one of ours (and is not hashed). */
    private static final int TOKEN_LENGTH = 43;

    private final CalendarFeedRepository feeds;
    private final BookingRepository bookings;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public CalendarFeeds(CalendarFeedRepository feeds, BookingRepository bookings, Clock clock) {
        this.feeds = feeds;
        this.bookings = bookings;
        this.clock = clock;
    }

    /** A new token for the caller, replacing any earlier one (whose URL stops working at once). */
    public Mono<String> create(Caller caller) {
        // SecureRandom reads /dev/urandom when its buffer is stale: not on an event-loop thread (BlockHound caught it
        // whenever the request ran on one)
        return Mono.fromSupplier(() -> {
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                })
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .flatMap(token -> feeds.replace(caller.id(), hash(token), clock.instant()).thenReturn(token));
    }

    public Mono<Void> revoke(Caller caller) {
        return feeds.delete(caller.id())
                .filter(deleted -> deleted > 0)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Vous n'avez pas de flux d'agenda.")))
                .then();
    }

    /** The bookings of the token's owner, by start; 404 for any token that is not a current one. */
    public Mono<List<Booking>> bookingsOf(String token) {
        if (token.length() != TOKEN_LENGTH) {
            return Mono.error(FeedNotFound::new);
        }
        return feeds.ownerOf(hash(token))
                .switchIfEmpty(Mono.error(FeedNotFound::new))
                .flatMap(owner -> Flux.concat(bookings.ofLearner(owner), bookings.ofTrainer(owner))
                        .filter(booking -> LISTED.contains(booking.status()))
                        .distinct(Booking::id)
                        .sort(Comparator.comparing(Booking::startsAt))
                        .collectList());
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class FeedNotFound extends DomainException.NotFound {
        FeedNotFound() {
            super("Aucun flux d'agenda à cette adresse.");
        }
    }
}
