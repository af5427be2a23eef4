package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.Enrolments;
import fr.mecaformation.catalog.domain.Enrolment;
import fr.mecaformation.catalog.domain.EnrolmentSource;
import fr.mecaformation.web.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
public class EnrolmentController {

    private final Enrolments enrolments;

    public EnrolmentController(Enrolments enrolments) {
        this.enrolments = enrolments;
    }

    public record EnrolmentResponse(UUID courseId, UUID learnerId, EnrolmentSource source, Instant grantedAt) {
        static EnrolmentResponse of(Enrolment enrolment) {
            return new EnrolmentResponse(enrolment.courseId(), enrolment.learnerId(), enrolment.source(), enrolment.grantedAt());
        }
    }

    public record AccessResponse(UUID courseId, UUID learnerId, boolean granted) {
    }

    /** A learner joins a free course; paid courses are joined by paying (payment-service). */
    @PostMapping("/courses/{courseId}/enrolment")
    @PreAuthorize(Callers.PERSON)
    public Mono<EnrolmentResponse> enrol(@PathVariable UUID courseId, JwtAuthenticationToken caller) {
        return enrolments.enrolInFreeCourse(Callers.of(caller), courseId).map(EnrolmentResponse::of);
    }

    @GetMapping("/me/enrolments")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<EnrolmentResponse>> mine(JwtAuthenticationToken caller) {
        return enrolments.activeOf(Callers.of(caller)).map(EnrolmentResponse::of).collectList();
    }

    /** The check other services make before serving course content (progress, quizzes, bookings). */
    @GetMapping("/access")
    public Mono<AccessResponse> access(@RequestParam UUID courseId, @RequestParam UUID learnerId, JwtAuthenticationToken caller) {
        return enrolments.hasAccess(Callers.of(caller), courseId, learnerId)
                .map(granted -> new AccessResponse(courseId, learnerId, granted));
    }

    @PutMapping("/admin/courses/{courseId}/enrolments/{learnerId}")
    @PreAuthorize("hasRole('admin')")
    public Mono<EnrolmentResponse> grant(@PathVariable UUID courseId, @PathVariable UUID learnerId, JwtAuthenticationToken caller) {
        return enrolments.grantByAdmin(Callers.of(caller), courseId, learnerId).map(EnrolmentResponse::of);
    }

    @DeleteMapping("/admin/courses/{courseId}/enrolments/{learnerId}")
    @PreAuthorize("hasRole('admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> revoke(@PathVariable UUID courseId, @PathVariable UUID learnerId, JwtAuthenticationToken caller) {
        return enrolments.revokeByAdmin(Callers.of(caller), courseId, learnerId);
    }
}
