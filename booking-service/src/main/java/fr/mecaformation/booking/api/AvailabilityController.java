package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.Availabilities;
import fr.mecaformation.booking.domain.Availability;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.DateException;
import fr.mecaformation.booking.domain.Slot;
import fr.mecaformation.booking.domain.SlotRange;
import fr.mecaformation.booking.domain.WeeklyWindow;
import fr.mecaformation.booking.domain.Zones;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
public class AvailabilityController {

    private final Availabilities availabilities;
    private final Clock clock;
    private final int maxListingDays;

    public AvailabilityController(Availabilities availabilities, Clock clock,
                                  @Value("${meca.booking.max-listing-days:62}") int maxListingDays) {
        this.availabilities = availabilities;
        this.clock = clock;
        this.maxListingDays = maxListingDays;
    }

    public record WindowRequest(@NotNull(message = "est obligatoire") DayOfWeek day,
                                @NotNull(message = "est obligatoire") LocalTime start,
                                @NotNull(message = "est obligatoire") LocalTime end) {
    }

    public record ExceptionRequest(@NotNull(message = "est obligatoire") LocalDate date, LocalTime start, LocalTime end) {
    }

    public record AvailabilityRequest(
            String zone,
            @Min(value = 0, message = "doit être positif") @Max(value = 120, message = "120 minutes au plus") int bufferBeforeMinutes,
            @Min(value = 0, message = "doit être positif") @Max(value = 120, message = "120 minutes au plus") int bufferAfterMinutes,
            @Min(value = 0, message = "doit être positif") @Max(value = 20160, message = "14 jours au plus") int minimumNoticeMinutes,
            @Min(value = 1, message = "au moins 1 jour") @Max(value = 365, message = "365 jours au plus") int maximumAdvanceDays,
            @Min(value = 1, message = "au moins 1") @Max(value = 48, message = "48 au plus") Integer dailyCap,
            @Min(value = 1, message = "au moins 1") @Max(value = 336, message = "336 au plus") Integer weeklyCap,
            @NotNull(message = "est obligatoire") @Size(max = 50, message = "50 plages au plus") List<@Valid @NotNull WindowRequest> weekly,
            @Size(max = 50, message = "50 exceptions au plus") List<@Valid @NotNull ExceptionRequest> exceptions) {
    }

    public record AvailabilityResponse(UUID trainerId, BookingKind kind, String zone, int bufferBeforeMinutes,
                                       int bufferAfterMinutes, int minimumNoticeMinutes, int maximumAdvanceDays,
                                       Integer dailyCap, Integer weeklyCap, List<WeeklyWindow> weekly,
                                       List<DateException> exceptions) {
        static AvailabilityResponse of(Availability a) {
            return new AvailabilityResponse(a.trainerId(), a.kind(), a.zone().getId(), a.bufferBeforeMinutes(),
                    a.bufferAfterMinutes(), a.minimumNoticeMinutes(), a.maximumAdvanceDays(), a.dailyCap(), a.weeklyCap(),
                    a.weekly(),
                    a.exceptions());
        }
    }

    /** A slot in UTC and in the learner's zone (and the trainer's, who keeps their own clock). */
    public record SlotResponse(Instant start, Instant end, OffsetDateTime localStart, OffsetDateTime localEnd, String zone,
                               OffsetDateTime trainerLocalStart, String trainerZone) {
    }

    /** The caller publishes (replaces) their availability for advice or coaching. */
    @PutMapping(path = "/trainer/availability/{kind}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<AvailabilityResponse> publish(@PathVariable BookingKind kind, @Valid @RequestBody AvailabilityRequest request,
                                              JwtAuthenticationToken caller) {
        return Mono.defer(() -> {
            var who = Callers.of(caller);
            Availability availability = new Availability(who.id(), kind, Zones.parse("zone", request.zone()),
                    request.bufferBeforeMinutes(), request.bufferAfterMinutes(), request.minimumNoticeMinutes(),
                    request.maximumAdvanceDays(), request.dailyCap(), request.weeklyCap(),
                    request.weekly().stream().map(w -> new WeeklyWindow(w.day(), w.start(), w.end())).toList(),
                    request.exceptions() == null ? List.of() : request.exceptions().stream()
                            .map(e -> new DateException(e.date(), e.start(), e.end())).toList());
            return availabilities.publish(who, who.id(), availability).map(AvailabilityResponse::of);
        });
    }

    @GetMapping("/trainer/availability/{kind}")
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<AvailabilityResponse> mine(@PathVariable BookingKind kind, JwtAuthenticationToken caller) {
        return availabilities.of(Callers.of(caller).id(), kind).map(AvailabilityResponse::of);
    }

    /** Free slots of a trainer between two dates of the learner's zone (Europe/Paris unless given). */
    @GetMapping("/trainers/{trainerId}/slots")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<SlotResponse>> slots(@PathVariable UUID trainerId, @RequestParam BookingKind kind,
                                          @RequestParam(required = false) LocalDate from,
                                          @RequestParam(required = false) LocalDate to,
                                          @RequestParam(required = false) String zone) {
        return Mono.defer(() -> {
            ZoneId learnerZone = Zones.parse("zone", zone);
            SlotRange range = SlotRange.of(from, to, learnerZone, clock.instant(), maxListingDays);
            return availabilities.of(trainerId, kind).flatMap(availability -> availabilities.bookableSlots(trainerId, kind, range)
                    .map(slots -> slots.stream().map(slot -> response(slot, learnerZone, availability.zone())).toList()));
        });
    }

    private static SlotResponse response(Slot slot, ZoneId learner, ZoneId trainer) {
        return new SlotResponse(slot.start(), slot.end(), slot.start().atZone(learner).toOffsetDateTime(),
                slot.end().atZone(learner).toOffsetDateTime(), learner.getId(),
                slot.start().atZone(trainer).toOffsetDateTime(), trainer.getId());
    }
}
