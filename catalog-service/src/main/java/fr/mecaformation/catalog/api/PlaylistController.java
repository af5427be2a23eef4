package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.Playlists;
import fr.mecaformation.catalog.domain.LessonKind;
import fr.mecaformation.catalog.domain.Playlist;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
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

/** A learner's playlists of lessons. */
@RestController
@RequestMapping(path = "/api/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Callers.PERSON)
public class PlaylistController {

    private final Playlists playlists;

    public PlaylistController(Playlists playlists) {
        this.playlists = playlists;
    }

    public record PlaylistRequest(
            @NotBlank(message = "est obligatoire") @Size(max = 80, message = "ne doit pas dépasser {max} caractères")
            @Pattern(regexp = "[\\p{L}\\p{N} .,'’\\-:()/&+°%!?]*", message = "ne peut contenir que des lettres, des chiffres et une ponctuation simple")
            String title) {
    }

    public record LessonsRequest(@NotNull(message = "est obligatoire") List<@NotNull(message = "ne peut pas être vide") UUID> lessonIds) {
    }

    public record PlaylistLesson(UUID lessonId, UUID courseId, String title, LessonKind kind) {
    }

    /** {@code shareUrl}: where anyone reads the list, null while it is not shared. */
    public record PlaylistResponse(UUID id, String title, String shareUrl, List<PlaylistLesson> lessons, Instant updatedAt) {
        static PlaylistResponse of(Playlists.View view) {
            Playlist playlist = view.playlist();
            return new PlaylistResponse(playlist.id(), playlist.title(),
                    playlist.shareToken() == null ? null : "/api/catalog/shared-playlists/" + playlist.shareToken(),
                    view.lessons().stream().map(l -> new PlaylistLesson(l.id(), l.courseId(), l.title(), l.kind())).toList(),
                    playlist.updatedAt());
        }
    }

    public record PlaylistSummary(UUID id, String title, int lessonCount, boolean shared, Instant updatedAt) {
    }

    @PostMapping(path = "/playlists", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<PlaylistResponse> create(@Valid @RequestBody PlaylistRequest request, JwtAuthenticationToken caller) {
        return playlists.create(Callers.of(caller), request.title().strip()).map(PlaylistResponse::of);
    }

    @GetMapping("/playlists")
    public Mono<List<PlaylistSummary>> mine(JwtAuthenticationToken caller) {
        return playlists.mine(Callers.of(caller)).map(all -> all.stream()
                .map(p -> new PlaylistSummary(p.id(), p.title(), p.lessonIds().size(), p.shareToken() != null, p.updatedAt()))
                .toList());
    }

    @GetMapping("/playlists/{id}")
    public Mono<PlaylistResponse> get(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return playlists.get(Callers.of(caller), id).map(PlaylistResponse::of);
    }

    /** The whole ordered list: adding, removing and reordering lessons all send the new order. */
    @PutMapping(path = "/playlists/{id}/lessons", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PlaylistResponse> replaceLessons(@PathVariable UUID id, @Valid @RequestBody LessonsRequest request,
                                                 JwtAuthenticationToken caller) {
        return playlists.replaceLessons(Callers.of(caller), id, request.lessonIds()).map(PlaylistResponse::of);
    }

    @PostMapping("/playlists/{id}/share")
    public Mono<PlaylistResponse> share(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return playlists.share(Callers.of(caller), id).map(PlaylistResponse::of);
    }

    @DeleteMapping("/playlists/{id}/share")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> unshare(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return playlists.unshare(Callers.of(caller), id);
    }

    @DeleteMapping("/playlists/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable UUID id, JwtAuthenticationToken caller) {
        return playlists.delete(Callers.of(caller), id);
    }
}
