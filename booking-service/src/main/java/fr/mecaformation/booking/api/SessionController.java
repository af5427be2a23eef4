package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.AttendanceCertificates;
import fr.mecaformation.booking.application.Seats;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.BookingStatus;
import fr.mecaformation.booking.domain.Session;
import fr.mecaformation.booking.domain.WaitlistEntry;
import fr.mecaformation.booking.domain.Zones;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
public class SessionController {

    private final Seats seats;
    private final AttendanceCertificates names;
    private final Clock clock;

    public SessionController(Seats seats, AttendanceCertificates names, Clock clock) {
        this.seats = seats;
        this.names = names;
        this.clock = clock;
    }

    public record SessionRequest(@NotNull(message = "est obligatoire") BookingKind kind,
                                 @NotBlank(message = "est obligatoire") @Size(min = 3, max = 120, message = "doit contenir entre {min} et {max} caractères")
                                 @PlainText String title,
                                 String zone,
                                 @NotNull(message = "est obligatoire") Instant startsAt,
                                 @NotNull(message = "est obligatoire") Instant endsAt,
                                 int capacity,
                                 // a shared exam room the mock exam occupies (none: the session is remote)
                                 UUID resourceId) {
    }

    public record SessionCancellationRequest(@Size(max = 500, message = "500 caractères au plus") @PlainText String reason) {
    }

    public record SessionResponse(UUID id, UUID trainerId, BookingKind kind, String title, String zone, Instant startsAt,
                                  Instant endsAt, OffsetDateTime localStart, int capacity, int seatsLeft, String status,
                                  UUID resourceId, boolean remote) {
        static SessionResponse of(Session s) {
            return new SessionResponse(s.id(), s.trainerId(), s.kind(), s.title(), s.zone().getId(), s.startsAt(), s.endsAt(),
                    s.startsAt().atZone(s.zone()).toOffsetDateTime(), s.capacity(), s.capacity() - s.seatsTaken(), s.status(),
                    s.resourceId(), s.remote());
        }
    }

    public record WaitlistResponse(UUID id, UUID sessionId, long position, String status, Instant offerExpiresAt,
                                   UUID bookingId) {
        static WaitlistResponse of(WaitlistEntry e) {
            return new WaitlistResponse(e.id(), e.sessionId(), e.position(), e.status(), e.offerExpiresAt(), e.bookingId());
        }
    }

    /** What the session's trainer sees of an attendee: no more than the booking (names live in auth-service). */
    public record AttendeeResponse(UUID bookingId, UUID learnerId, BookingStatus status, Boolean attended) {
        static AttendeeResponse of(Booking b) {
            return new AttendeeResponse(b.id(), b.learnerId(), b.status(), b.attended());
        }
    }

    @PostMapping(path = "/trainer/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<SessionResponse> schedule(@Valid @RequestBody SessionRequest request, JwtAuthenticationToken caller) {
        return Mono.defer(() -> seats.schedule(Callers.of(caller), request.kind(), request.title(),
                        Zones.parse("zone", request.zone()), request.startsAt(), request.endsAt(), request.capacity(),
                        request.resourceId()))
                // the trainer's name, for the attendance certificates of the session
                .flatMap(session -> names.remember(Callers.of(caller)).thenReturn(session))
                .map(SessionResponse::of);
    }

    /** Sessions of the next 60 days. */
    @GetMapping("/sessions")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<SessionResponse>> upcoming() {
        Instant now = clock.instant();
        return seats.upcoming(now, now.plus(Duration.ofDays(60))).map(SessionResponse::of).collectList();
    }

    @GetMapping("/sessions/{id}")
    @PreAuthorize(Callers.PERSON)
    public Mono<SessionResponse> get(@PathVariable UUID id) {
        return seats.get(id).map(SessionResponse::of);
    }

    @PostMapping("/sessions/{id}/seat")
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<BookingResponse> takeSeat(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return seats.takeSeat(Callers.of(caller), id)
                .flatMap(seat -> names.remember(Callers.of(caller)).thenReturn(seat))
                .map(BookingResponse::of);
    }

    @PostMapping("/sessions/{id}/waitlist")
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<WaitlistResponse> joinWaitlist(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return seats.joinWaitlist(Callers.of(caller), id).map(WaitlistResponse::of);
    }

    @GetMapping("/me/waitlist")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<WaitlistResponse>> myWaitlist(JwtAuthenticationToken caller) {
        return seats.waitlistOf(Callers.of(caller)).map(WaitlistResponse::of).collectList();
    }

    @GetMapping("/waitlist/{entryId}")
    @PreAuthorize(Callers.PERSON)
    public Mono<WaitlistResponse> entry(@PathVariable UUID entryId, JwtAuthenticationToken caller) {
        return seats.entry(Callers.of(caller), entryId).map(WaitlistResponse::of);
    }

    /** The learner takes the seat offered to them from the waitlist, before the offer ends. */
    @PostMapping("/waitlist/{entryId}/acceptance")
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<BookingResponse> accept(@PathVariable UUID entryId, JwtAuthenticationToken caller) {
        return seats.acceptOffer(Callers.of(caller), entryId).map(BookingResponse::of);
    }

    @PostMapping(path = "/trainer/sessions/{id}/cancellation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<SessionResponse> cancel(@PathVariable UUID id, @Valid @RequestBody SessionCancellationRequest request,
                                        JwtAuthenticationToken caller) {
        return seats.cancelSession(Callers.of(caller), id, request.reason()).map(SessionResponse::of);
    }

    /** The attendees of one of the caller's sessions; another trainer's session is a 404. */
    @GetMapping("/trainer/sessions/{id}/attendees")
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<List<AttendeeResponse>> attendees(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return seats.attendees(Callers.of(caller), id).map(AttendeeResponse::of).collectList();
    }
}
