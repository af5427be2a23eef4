package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.ProgressOverview;
import fr.mecaformation.web.security.Callers;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/** Trainers follow their cohorts' learners; never another trainer's. */
@RestController
@RequestMapping(path = "/api/progress/trainer", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasAnyRole('trainer', 'admin')")
public class TrainerProgressController {

    private final ProgressOverview overview;

    public TrainerProgressController(ProgressOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/learners")
    public Mono<List<ProgressOverview.FollowedLearner>> learners(JwtAuthenticationToken caller) {
        return overview.cohortsOf(Callers.of(caller)).collectList();
    }

    @GetMapping("/learners/{learnerId}/courses/{courseId}")
    public Mono<ProgressOverview.CourseProgress> learnerCourse(@PathVariable UUID learnerId, @PathVariable UUID courseId,
                                                              JwtAuthenticationToken caller) {
        return overview.courseOfFollowed(Callers.of(caller), learnerId, courseId);
    }
}
