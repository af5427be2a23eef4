package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingNotFound;
import fr.mecaformation.booking.domain.BookingStatus;
import fr.mecaformation.booking.persistence.AttendanceRepository;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * Émargement by the learner: they sign their own presence during the session window (from 10 minutes before the
 * start to the end), once. The database decides (one conditional UPDATE); when it refuses, the booking read afterwards
 * says why. The trainer can still mark the presence afterwards (their record then prevails).
 */
@Service
public class SelfSignIns {

    /** A presence the learner signed, and when. */
    public record SignedIn(Booking booking, Instant at) {
    }

    public static final Duration OPENS_BEFORE = Duration.ofMinutes(10);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH'h'mm", Locale.FRANCE);

    private final AttendanceRepository attendance;
    private final BookingRepository bookings;
    private final BookingAnnouncements announcements;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public SelfSignIns(AttendanceRepository attendance, BookingRepository bookings, BookingAnnouncements announcements,
                       TransactionalOperator transactional, Clock clock) {
        this.attendance = attendance;
        this.bookings = bookings;
        this.announcements = announcements;
        this.transactional = transactional;
        this.clock = clock;
    }

    /** The learner's own booking only: anyone else (its trainer included, who marks it elsewhere) is told 404. */
    public Mono<SignedIn> signIn(Caller learner, UUID id) {
        Instant now = clock.instant();
        return bookings.findById(id)
                .filter(booking -> learner.id().equals(booking.learnerId()))
                .switchIfEmpty(Mono.error(() -> new BookingNotFound(id)))
                .flatMap(found -> attendance.signIn(id, learner.id(), now, OPENS_BEFORE)
                        .flatMap(signed -> announcements.attendance(signed, true, now).thenReturn(new SignedIn(signed, now)))
                        .as(transactional::transactional)
                        .switchIfEmpty(Mono.defer(() -> bookings.findById(id).flatMap(booking -> refusal(booking, now)))));
    }

    private Mono<SignedIn> refusal(Booking booking, Instant now) {
        if (booking.status() != BookingStatus.CONFIRMED && booking.status() != BookingStatus.COMPLETED) {
            return Mono.error(new DomainException.Conflict("Cette réservation n'est pas confirmée (" + booking.status()
                    + ") : il n'y a pas de présence à émarger."));
        }
        return attendance.methodOf(booking.id()).map(method -> (Throwable) new DomainException.Conflict(
                        "Votre présence à cette séance est déjà enregistrée (" + Presences.said(method)
                                + ") : on n'émarge qu'une fois."))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    Instant opens = booking.startsAt().minus(OPENS_BEFORE);
                    if (now.isBefore(opens)) {
                        return new DomainException.Conflict("L'émargement n'est pas encore ouvert : il ouvre 10 minutes"
                                + " avant le début de la séance, le " + TIME.format(opens.atZone(booking.zone())) + " (heure de "
                                + booking.zone().getId() + ").");
                    }
                    return new DomainException.Conflict("La séance est terminée depuis le "
                            + TIME.format(booking.endsAt().atZone(booking.zone())) + " (heure de " + booking.zone().getId()
                            + ") : l'émargement en ligne est fermé, seul votre formateur peut encore noter votre présence.");
                }))
                .flatMap(Mono::error);
    }

    /** How a presence's recorder is said, in the refusals and on the certificate. */
    public static final class Presences {
        private Presences() {
        }

        public static String said(String method) {
            return switch (method == null ? "TRAINER" : method) {
                case "LEARNER" -> "émargée en ligne par l'apprenant(e) pendant la séance";
                case "ADMIN" -> "relevée par un administrateur de MécaFormation";
                default -> "relevée par le formateur";
            };
        }
    }
}
