package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.VideoLibrary;
import fr.mecaformation.catalog.config.MediaProperties;
import fr.mecaformation.catalog.domain.Video;
import fr.mecaformation.catalog.domain.VideoStatus;
import fr.mecaformation.catalog.domain.WebVtt;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PutMapping;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Callers;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

@RestController
@RequestMapping(path = "/api/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
public class VideoController {

    private static final String TRAINER_OR_ADMIN = "hasAnyRole('trainer', 'admin')";

    private final VideoLibrary library;
    private final long maxUploadBytes;

    public VideoController(VideoLibrary library, MediaProperties properties) {
        this.library = library;
        this.maxUploadBytes = properties.maxUploadSize().toBytes();
    }

    public record VideoResponse(UUID id, UUID lessonId, String fileName, long sizeBytes, VideoStatus status, int attempts,
                                String error, Double durationSeconds, List<Integer> qualities, Instant createdAt,
                                Instant readyAt) {
        static VideoResponse of(Video video) {
            return new VideoResponse(video.id(), video.lessonId(), video.originalName(), video.sourceBytes(), video.status(),
                    video.attempts(), video.lastError(), video.durationSeconds(), video.qualities(), video.createdAt(),
                    video.readyAt());
        }
    }

    /**
     * Links to play a lesson's video: the HLS master playlist (renditions = {@code qualities}), the poster, and a
     * progressive MP4 for players without HLS. They stop working at {@code expiresAt}. {@code grant} is the signed
     * playback grant the app sends with the heartbeats it queued offline for this lesson: progress-service credits
     * only those it covers (this learner, this lesson, from now until {@code grantExpiresAt}).
     */
    public record PlaybackResponse(UUID videoId, String hlsUrl, String posterUrl, String mp4Url, List<Integer> qualities,
                                   double durationSeconds, List<CaptionTrack> captions, String chaptersUrl,
                                   Instant expiresAt, String grant, Instant grantExpiresAt) {
        static PlaybackResponse of(VideoLibrary.Playback playback) {
            String base = playback.basePath();
            List<CaptionTrack> captions = playback.tracks().stream().filter(track -> track.kind().equals("CAPTIONS"))
                    .map(track -> new CaptionTrack(track.language(), base + "captions_" + track.language() + ".vtt")).toList();
            boolean chapters = playback.tracks().stream().anyMatch(track -> track.kind().equals("CHAPTERS"));
            return new PlaybackResponse(playback.video().id(), base + "master.m3u8", base + "poster.jpg",
                    base + "progressive.mp4", playback.video().qualities(), playback.video().durationSeconds(), captions,
                    chapters ? base + "chapters.vtt" : null, playback.expiresAt(), playback.grant(),
                    playback.grantExpiresAt());
        }
    }

    /** A WebVTT captions file for {@code language} (ISO 639-1), for the player's text tracks. */
    public record CaptionTrack(String language, String url) {
    }

    public record ChapterRequest(
            @NotNull(message = "est obligatoire") @DecimalMin(value = "0", message = "ne peut pas être négatif") Double startSeconds,
            @NotBlank(message = "est obligatoire") @Size(max = 120, message = "ne doit pas dépasser {max} caractères")
            @PlainText String title) {
    }

    public record ChaptersRequest(
            @NotNull(message = "est obligatoire") @Size(min = 1, max = 50, message = "de {min} à {max} chapitres")
            List<@NotNull @Valid ChapterRequest> chapters) {
    }

    @PutMapping(path = "/lessons/{lessonId}/captions/{language}", consumes = "text/vtt")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<ResponseEntity<Void>> captions(@PathVariable UUID lessonId,
                                               @PathVariable @Pattern(regexp = "[a-z]{2}", message = "code de langue ISO 639-1 attendu") String language,
                                               @RequestBody String webVtt, JwtAuthenticationToken caller) {
        return library.putCaptions(Callers.of(caller), lessonId, language, webVtt).thenReturn(ResponseEntity.noContent().build());
    }

    @PutMapping(path = "/lessons/{lessonId}/chapters", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<ResponseEntity<Void>> chapters(@PathVariable UUID lessonId, @Valid @RequestBody ChaptersRequest request,
                                               JwtAuthenticationToken caller) {
        List<WebVtt.Chapter> chapters = request.chapters().stream()
                .map(chapter -> new WebVtt.Chapter(chapter.startSeconds(), chapter.title().strip())).toList();
        return library.putChapters(Callers.of(caller), lessonId, chapters).thenReturn(ResponseEntity.noContent().build());
    }

    /**
     * A lesson's source video, as the multipart field {@code file}, streamed to storage as it arrives. Answers 202:
     * transcoding runs in the background; {@code Location} is where its progress shows.
     */
    @PostMapping(path = "/lessons/{lessonId}/video", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<ResponseEntity<VideoResponse>> upload(@PathVariable UUID lessonId,
                                                      @RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) Long declaredLength,
                                                      @RequestBody Flux<PartEvent> parts, JwtAuthenticationToken caller,
                                                      UriComponentsBuilder uri) {
        if (declaredLength != null && declaredLength > maxUploadBytes + 64 * 1024) {
            return Mono.error(new DomainException.TooLarge("La vidéo dépasse la taille autorisée.", maxUploadBytes));
        }
        AtomicBoolean fileSeen = new AtomicBoolean();
        return parts.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (first.get() instanceof FilePartEvent file && "file".equals(file.name()) && fileSeen.compareAndSet(false, true)) {
                        return library.upload(Callers.of(caller), lessonId, file.filename(), events.map(PartEvent::content));
                    }
                    return events.doOnNext(event -> DataBufferUtils.release(event.content())).then(Mono.<Video>empty());
                }))
                .collectList()
                .flatMap(stored -> stored.isEmpty()
                        ? Mono.error(new DomainException.Invalid("Aucune vidéo reçue.",
                                List.of(new FieldError("file", "un fichier vidéo est attendu dans le champ « file »"))))
                        : Mono.just(stored.get(0)))
                .map(video -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(uri.path("/api/catalog/videos/{id}").buildAndExpand(video.id()).toUri())
                        .body(VideoResponse.of(video)));
    }

    @GetMapping("/videos/{videoId}")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<VideoResponse> status(@PathVariable UUID videoId, JwtAuthenticationToken caller) {
        return library.status(Callers.of(caller), videoId).map(VideoResponse::of);
    }

    /** Signed playback links; each call mints new ones, so nothing personal is cached. */
    @PostMapping("/lessons/{lessonId}/playback")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<PlaybackResponse>> playback(@PathVariable UUID lessonId, JwtAuthenticationToken caller) {
        return library.play(Callers.of(caller), lessonId)
                .map(playback -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(PlaybackResponse.of(playback)));
    }
}
