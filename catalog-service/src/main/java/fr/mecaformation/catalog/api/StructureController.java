package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.CourseStructure;
import fr.mecaformation.catalog.domain.CourseModule;
import fr.mecaformation.catalog.domain.Lesson;
import fr.mecaformation.catalog.domain.LessonKind;
import fr.mecaformation.catalog.domain.LessonStatus;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.security.Principal;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The plan of a course: modules and their ordered lessons. */
@RestController
@RequestMapping(path = "/api/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
public class StructureController {

    private static final String TRAINER_OR_ADMIN = "hasAnyRole('trainer', 'admin')";
    private static final String LABEL = "[\\p{L}\\p{N} .,'’\\-:()/&+°%!?]*";
    private static final String LABEL_MESSAGE = "ne peut contenir que des lettres, des chiffres, des espaces et une ponctuation simple";

    private final CourseStructure structure;

    public StructureController(CourseStructure structure) {
        this.structure = structure;
    }

    public record ModuleRequest(
            @NotBlank(message = "est obligatoire") @Size(min = 3, max = 120, message = "doit contenir entre {min} et {max} caractères")
            @Pattern(regexp = LABEL, message = LABEL_MESSAGE) String title) {
    }

    public record LessonRequest(
            @NotBlank(message = "est obligatoire") @Size(min = 3, max = 120, message = "doit contenir entre {min} et {max} caractères")
            @Pattern(regexp = LABEL, message = LABEL_MESSAGE) String title,
            @NotNull(message = "est obligatoire") LessonKind kind) {
    }

    public record ModuleResponse(UUID id, UUID courseId, int position, String title) {
        static ModuleResponse of(CourseModule module) {
            return new ModuleResponse(module.id(), module.courseId(), module.position(), module.title());
        }
    }

    public record LessonResponse(UUID id, UUID courseId, UUID moduleId, int position, String title, LessonKind kind,
                                 LessonStatus status, boolean hasVideo, Instant publishedAt) {
        static LessonResponse of(Lesson lesson) {
            return new LessonResponse(lesson.id(), lesson.courseId(), lesson.moduleId(), lesson.position(), lesson.title(),
                    lesson.kind(), lesson.status(), lesson.videoId() != null, lesson.publishedAt());
        }
    }

    public record ModuleOutlineResponse(UUID id, int position, String title, List<LessonResponse> lessons) {
    }

    public record OutlineResponse(UUID courseId, String title, List<ModuleOutlineResponse> modules) {
        static OutlineResponse of(CourseStructure.Outline outline) {
            return new OutlineResponse(outline.course().id(), outline.course().details().title(),
                    outline.modules().stream().map(m -> new ModuleOutlineResponse(m.module().id(), m.module().position(),
                            m.module().title(), m.lessons().stream().map(LessonResponse::of).toList())).toList());
        }
    }

    @PostMapping(path = "/courses/{courseId}/modules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ModuleResponse> addModule(@PathVariable UUID courseId, @Valid @RequestBody ModuleRequest request, JwtAuthenticationToken caller) {
        return structure.addModule(Callers.of(caller), courseId, request.title()).map(ModuleResponse::of);
    }

    @PostMapping(path = "/modules/{moduleId}/lessons", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<LessonResponse> addLesson(@PathVariable UUID moduleId, @Valid @RequestBody LessonRequest request, JwtAuthenticationToken caller) {
        return structure.addLesson(Callers.of(caller), moduleId, request.title(), request.kind()).map(LessonResponse::of);
    }

    @PostMapping("/lessons/{lessonId}/publish")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<LessonResponse> publishLesson(@PathVariable UUID lessonId, JwtAuthenticationToken caller) {
        return structure.publishLesson(Callers.of(caller), lessonId).map(LessonResponse::of);
    }

    @GetMapping("/courses/{courseId}/outline")
    public Mono<OutlineResponse> outline(@PathVariable UUID courseId, Principal caller) {
        return structure.outline(Callers.ofNullable(caller), courseId).map(OutlineResponse::of);
    }
}
