package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.persistence.AttendanceRepository;
import fr.mecaformation.booking.persistence.PersonNameRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What an attendance certificate states, for the booking's learner, its trainer or an admin (anyone else 404, as
 * for the booking itself). Only a presence recorded present gives one (409 otherwise). Names are booking-service's
 * own: remembered from each person's token (see {@link #remember}), gone after UserDeleted.
 */
@Service
public class AttendanceCertificates {

    /**
     * @param learnerName null when not known here; trainerName likewise
     * @param recordedBy  how the presence was recorded, as printed (marked by the trainer, signed by the learner…)
     */
    public record Certificate(Booking booking, String learnerName, String trainerName, Instant recordedAt,
                              String recordedBy) {
    }

    private final Bookings bookings;
    private final AttendanceRepository repository;
    private final PersonNameRepository names;
    private final Clock clock;

    public AttendanceCertificates(Bookings bookings, AttendanceRepository repository, PersonNameRepository names, Clock clock) {
        this.bookings = bookings;
        this.repository = repository;
        this.names = names;
        this.clock = clock;
    }

    public Mono<Certificate> of(Caller caller, UUID id) {
        return bookings.get(caller, id)
                .flatMap(booking -> remember(caller)
                        .then(repository.presence(id))
                        .switchIfEmpty(Mono.error(() -> new DomainException.Conflict(
                                "Pas d'attestation : la présence à cette séance n'a pas été enregistrée.")))
                        .flatMap(presence -> Mono.zip(name(booking.learnerId()), name(booking.trainerId()))
                                .map(known -> new Certificate(booking, known.getT1().orElse(null),
                                        known.getT2().orElse(null), presence.recordedAt(),
                                        SelfSignIns.Presences.said(presence.method())))));
    }

    /** The caller's display name as their token gives it, so the next certificate can print it. */
    public Mono<Void> remember(Caller caller) {
        String name = caller.name() == null ? "" : caller.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            return Mono.empty();
        }
        return names.remember(caller.id(), name, clock.instant());
    }

    private Mono<Optional<String>> name(UUID person) {
        return person == null ? Mono.just(Optional.empty())
                : names.nameOf(person).map(Optional::of).defaultIfEmpty(Optional.empty());
    }
}
