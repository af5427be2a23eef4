package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.HeartbeatRecorder;
import fr.mecaformation.progress.application.LessonCompletion;
import fr.mecaformation.progress.application.ProgressOverview;
import fr.mecaformation.progress.domain.Heartbeat;
import fr.mecaformation.progress.domain.WatchRules;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A learner's own progress: heartbeats from the player, lessons marked done, where they stand and where to resume. */
@RestController
@RequestMapping(path = "/api/progress", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Callers.PERSON)
public class ProgressController {

    private final HeartbeatRecorder heartbeats;
    private final LessonCompletion completion;
    private final ProgressOverview overview;

    public ProgressController(HeartbeatRecorder heartbeats, LessonCompletion completion, ProgressOverview overview) {
        this.heartbeats = heartbeats;
        this.completion = completion;
        this.overview = overview;
    }

    /**
     * What the player reports every few seconds. Positions are seconds from the start of the video; the device's clock
     * is only trusted as far as the server's agrees.
     */
    public record HeartbeatRequest(
            @NotNull(message = "est obligatoire") UUID sessionId,
            @NotNull(message = "est obligatoire") @DecimalMin(value = "0", message = "doit être positive ou nulle")
            @DecimalMax(value = "86400", message = "doit être une position dans la vidéo (en secondes)") Double positionSeconds,
            @NotNull(message = "est obligatoire") Boolean playing,
            @NotNull(message = "est obligatoire") @DecimalMin(value = "0.25", message = "doit être au moins 0,25")
            @DecimalMax(value = WatchRules.MAX_PLAYBACK_RATE, message = "ne peut dépasser 2 (la vitesse maximale du lecteur)") Double playbackRate,
            @NotNull(message = "est obligatoire") Instant clientAt) {

        Heartbeat toHeartbeat() {
            return new Heartbeat(sessionId, positionSeconds, playing, playbackRate, clientAt);
        }
    }

    public record HeartbeatResponse(String effect, double watchedSeconds, int percent, double resumePositionSeconds,
                                    boolean completed) {
        static HeartbeatResponse of(HeartbeatRecorder.Recorded recorded) {
            return new HeartbeatResponse(recorded.effect().name(), round(recorded.watchedSeconds()), recorded.percent(),
                    recorded.resumePosition(), recorded.completed());
        }
    }

    @PostMapping(path = "/lessons/{lessonId}/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<HeartbeatResponse> heartbeat(@PathVariable UUID lessonId, @Valid @RequestBody HeartbeatRequest request,
                                             JwtAuthenticationToken caller) {
        return heartbeats.record(Callers.of(caller).id(), lessonId, request.toHeartbeat()).map(HeartbeatResponse::of);
    }

    public record CompletionResponse(UUID lessonId, boolean completed, Instant completedAt) {
    }

    /** A reading or practical lesson marked done by its learner; videos and quizzes complete on their own. */
    @PostMapping(path = "/lessons/{lessonId}/completion")
    public Mono<CompletionResponse> complete(@PathVariable UUID lessonId, JwtAuthenticationToken caller) {
        return completion.markDone(Callers.of(caller).id(), lessonId)
                .map(at -> new CompletionResponse(lessonId, true, at));
    }

    @GetMapping("/courses/{courseId}")
    public Mono<ProgressOverview.CourseProgress> course(@PathVariable UUID courseId, JwtAuthenticationToken caller) {
        return overview.course(Callers.of(caller).id(), courseId);
    }

    @GetMapping("/me/courses")
    public Mono<List<ProgressOverview.CourseSummary>> myCourses(JwtAuthenticationToken caller) {
        return overview.courses(Callers.of(caller).id()).collectList();
    }

    /** "Continue where you stopped", whichever device it was on. */
    @GetMapping("/me/resume")
    public Mono<ProgressOverview.Resume> resume(JwtAuthenticationToken caller) {
        return overview.resume(Callers.of(caller).id());
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
