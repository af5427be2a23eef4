package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.AttendanceCertificates;
import fr.mecaformation.booking.application.Bookings;
import fr.mecaformation.booking.application.CoachingPayments;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.Zones;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
public class BookingController {

    private final Bookings bookings;
    private final CoachingPayments coaching;
    private final AttendanceCertificates certificates;
    private final java.time.Clock clock;

    public BookingController(Bookings bookings, CoachingPayments coaching, AttendanceCertificates certificates,
                             java.time.Clock clock) {
        this.bookings = bookings;
        this.coaching = coaching;
        this.certificates = certificates;
        this.clock = clock;
    }

    public record BookingRequest(@NotNull(message = "est obligatoire") UUID trainerId,
                                 @NotNull(message = "est obligatoire") BookingKind kind,
                                 @NotNull(message = "est obligatoire") Instant start,
                                 @Size(max = 500, message = "500 caractères au plus") @PlainText String note) {
    }

    public record CancellationRequest(@Size(max = 500, message = "500 caractères au plus") @PlainText String reason) {
    }

    public record RescheduleRequest(@NotNull(message = "est obligatoire") Instant start) {
    }

    public record AttendanceRequest(@NotNull(message = "est obligatoire") Boolean present) {
    }

    public record RefundDueResponse(UUID paymentId, UUID learnerId, UUID bookingId, long amountCents, String reason,
                                    Instant receivedAt) {
    }

    /** Advice (confirmed at once) or coaching (held while the learner pays, then confirmed by the payment). */
    @PostMapping(path = "/bookings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<BookingResponse> book(@Valid @RequestBody BookingRequest request, JwtAuthenticationToken caller) {
        return bookings.book(Callers.of(caller), request.trainerId(), request.kind(), request.start(), request.note())
                // the learner's name as their token gives it, for the attendance certificate
                .flatMap(booking -> certificates.remember(Callers.of(caller)).thenReturn(booking))
                .map(BookingResponse::of);
    }

    /** The booking as iCalendar, for its learner, its trainer or an admin (anyone else 404). */
    @GetMapping(path = "/bookings/{id}/calendar", produces = BookingCalendar.MEDIA_TYPE)
    @PreAuthorize(Callers.PERSON)
    public Mono<String> calendar(@PathVariable UUID id, JwtAuthenticationToken caller) {
        // ical4j reads its configuration and zone data from the classpath on first use: off the event loop
        return bookings.get(Callers.of(caller), id)
                .publishOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .map(booking -> BookingCalendar.of(booking, clock.instant()));
    }

    /** One booking, for its learner, its trainer or an admin; anyone else 404. */
    @GetMapping("/bookings/{id}")
    @PreAuthorize(Callers.PERSON)
    public Mono<BookingResponse> get(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return bookings.get(Callers.of(caller), id).map(BookingResponse::of);
    }

    @GetMapping("/me/bookings")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<BookingResponse>> mine(JwtAuthenticationToken caller) {
        return bookings.mine(Callers.of(caller)).map(BookingResponse::of).collectList();
    }

    @GetMapping("/trainer/bookings")
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<List<BookingResponse>> ofTrainer(JwtAuthenticationToken caller) {
        return bookings.ofTrainer(Callers.of(caller)).map(BookingResponse::of).collectList();
    }

    @PostMapping(path = "/bookings/{id}/cancellation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Callers.PERSON)
    public Mono<BookingResponse> cancel(@PathVariable UUID id, @Valid @RequestBody CancellationRequest request,
                                        JwtAuthenticationToken caller) {
        return bookings.cancel(Callers.of(caller), id, request.reason()).map(BookingResponse::of);
    }

    @PostMapping(path = "/bookings/{id}/reschedule", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Callers.PERSON)
    public Mono<BookingResponse> reschedule(@PathVariable UUID id, @Valid @RequestBody RescheduleRequest request,
                                            JwtAuthenticationToken caller) {
        return bookings.reschedule(Callers.of(caller), id, request.start()).map(BookingResponse::of);
    }

    /** Émargement by the booking's trainer (or an admin). */
    @PutMapping(path = "/trainer/bookings/{id}/attendance", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<BookingResponse> attendance(@PathVariable UUID id, @Valid @RequestBody AttendanceRequest request,
                                            JwtAuthenticationToken caller) {
        return bookings.recordAttendance(Callers.of(caller), id, request.present())
                .flatMap(booking -> certificates.remember(Callers.of(caller)).thenReturn(booking))
                .map(BookingResponse::of);
    }

    /**
     * « Attestation de présence » (PDF) of a booking recorded present, for its learner, its trainer or an admin
     * (anyone else 404); 409 while its presence isn't recorded. Times in the learner's zone (Europe/Paris unless
     * {@code zone} names another IANA zone) and in UTC.
     */
    @GetMapping(path = "/bookings/{id}/attendance-certificate", produces = {AttendanceCertificatePdf.MEDIA_TYPE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize(Callers.PERSON)
    public Mono<org.springframework.http.ResponseEntity<byte[]>> attendanceCertificate(
            @PathVariable UUID id, @org.springframework.web.bind.annotation.RequestParam(required = false) String zone,
            JwtAuthenticationToken caller) {
        return Mono.fromSupplier(() -> Zones.parse("zone", zone))
                .flatMap(learnerZone -> certificates.of(Callers.of(caller), id)
                        // PDFBox loads fonts and writes synchronously: off the event loop
                        .publishOn(reactor.core.scheduler.Schedulers.boundedElastic())
                        .map(certificate -> AttendanceCertificatePdf.render(certificate, learnerZone, clock.instant())))
                .map(pdf -> org.springframework.http.ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_PDF)
                        .cacheControl(org.springframework.http.CacheControl.noStore())
                        .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                                "attachment; filename=\"attestation-presence-" + id + ".pdf\"")
                        .body(pdf));
    }

    /**
     * Coaching payments to give back (paid after the hold lapsed and the slot was taken, or cancelled in time):
     * payment-service takes no refund request from other services, so an admin makes them there.
     */
    @GetMapping("/admin/coaching-payments/refunds-due")
    @PreAuthorize(Roles.ADMIN)
    public Mono<List<RefundDueResponse>> refundsDue() {
        return coaching.refundsRequired().map(p -> new RefundDueResponse(p.paymentId(), p.learnerId(), p.bookingId(),
                p.amountCents(), p.reason(), p.receivedAt())).collectList();
    }
}
