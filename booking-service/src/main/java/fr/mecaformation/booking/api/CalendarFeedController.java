package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.CalendarFeeds;
import fr.mecaformation.booking.config.BookingProperties;
import fr.mecaformation.web.security.Callers;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;

/** The private iCal feed: managed with the person's token, read by calendar apps with the secret URL alone. */
@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
public class CalendarFeedController {

    private final CalendarFeeds feeds;
    private final BookingProperties properties;
    private final Clock clock;

    public CalendarFeedController(CalendarFeeds feeds, BookingProperties properties, Clock clock) {
        this.feeds = feeds;
        this.properties = properties;
        this.clock = clock;
    }

    /** The URL is shown this once: only the token's hash is kept. */
    public record FeedResponse(String url) {
    }

    /** A new feed URL for the caller; an earlier one stops working. */
    @PostMapping("/me/calendar-feed")
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ResponseEntity<FeedResponse>> create(JwtAuthenticationToken caller) {
        return feeds.create(Callers.of(caller)).map(token -> ResponseEntity.status(HttpStatus.CREATED)
                // a secret: kept out of every cache
                .cacheControl(CacheControl.noStore())
                .body(new FeedResponse(stripSlash(properties.publicBaseUrl()) + "/api/booking/calendar-feeds/" + token + ".ics")));
    }

    @DeleteMapping("/me/calendar-feed")
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> revoke(JwtAuthenticationToken caller) {
        return feeds.revoke(Callers.of(caller));
    }

    /** Public GET (no bearer token): the token in the path is the authorisation; unknown or revoked → 404. */
    @GetMapping(path = "/calendar-feeds/{token}.ics", produces = BookingCalendar.MEDIA_TYPE)
    public Mono<ResponseEntity<String>> feed(@PathVariable String token) {
        return feeds.bookingsOf(token)
                // ical4j reads its configuration and zone data from the classpath on first use: off the event loop
                .publishOn(Schedulers.boundedElastic())
                .map(bookings -> ResponseEntity.ok()
                        // never in a shared cache: a revoked URL must stop answering at once
                        .cacheControl(CacheControl.noCache().cachePrivate())
                        .header(HttpHeaders.CONTENT_TYPE, BookingCalendar.MEDIA_TYPE)
                        .body(BookingCalendar.feed(bookings, clock.instant())));
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
