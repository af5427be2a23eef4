package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.config.MediaProperties;
import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseNotFound;
import fr.mecaformation.catalog.domain.Lesson;
import fr.mecaformation.catalog.domain.LessonNotFound;
import fr.mecaformation.catalog.domain.MediaSigningKey;
import fr.mecaformation.catalog.domain.MediaToken;
import fr.mecaformation.catalog.domain.UploadName;
import fr.mecaformation.catalog.domain.Video;
import fr.mecaformation.catalog.domain.WebVtt;
import fr.mecaformation.catalog.media.MediaStorage;
import fr.mecaformation.catalog.media.VideoTools;
import fr.mecaformation.catalog.persistence.CourseRepository;
import fr.mecaformation.catalog.persistence.EnrolmentRepository;
import fr.mecaformation.catalog.persistence.LessonRepository;
import fr.mecaformation.catalog.persistence.VideoRepository;
import fr.mecaformation.platform.grant.PlaybackGrant;
import fr.mecaformation.platform.grant.PlaybackGrants;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Caller;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Lesson videos: a trainer uploads a source, which is checked (size, real content, readable by ffprobe) before it
 * is queued for transcoding; learners enrolled in the course get short-lived signed links to play the result.
 */
@Service
public class VideoLibrary {

    /** The only file names a media link may ask for: what the transcoder writes, nothing else. */
    private static final Pattern MEDIA_FILE = Pattern.compile(
            "master\\.m3u8|poster\\.jpg|progressive\\.mp4|[0-9]{3,4}p/(index\\.m3u8|segment_[0-9]{4,6}\\.ts)"
                    + "|captions_[a-z]{2}\\.vtt|chapters\\.vtt");

    private final CourseRepository courses;
    private final LessonRepository lessons;
    private final VideoRepository videos;
    private final EnrolmentRepository enrolments;
    private final MediaStorage storage;
    private final VideoTools tools;
    private final MediaProperties properties;
    private final byte[] signingKey;
    private final PlaybackGrants grants;
    private final Clock clock;

    public VideoLibrary(CourseRepository courses, LessonRepository lessons, VideoRepository videos,
                        EnrolmentRepository enrolments, MediaStorage storage, VideoTools tools, MediaProperties properties,
                        MediaSigningKey signingKey, PlaybackGrants grants, Clock clock) {
        this.courses = courses;
        this.lessons = lessons;
        this.videos = videos;
        this.enrolments = enrolments;
        this.storage = storage;
        this.tools = tools;
        this.properties = properties;
        this.signingKey = signingKey.bytes();
        this.grants = grants;
        this.clock = clock;
    }

    public static String sourceKey(UUID videoId) {
        return "sources/" + videoId;
    }

    public static String renditionsKey(UUID videoId) {
        return "videos/" + videoId;
    }

    /**
     * Stores the upload, then keeps it only if it really is a readable video: anything else is deleted and
     * refused (415 for another kind of file, 400 for a damaged or truncated video), and no row is written.
     */
    public Mono<Video> upload(Caller trainer, UUID lessonId, String fileName, Flux<DataBuffer> content) {
        return Mono.defer(() -> {
            String name = UploadName.check(fileName);
            return managedLesson(trainer, lessonId).flatMap(lesson -> {
                lesson.ensureTakesVideo();
                UUID videoId = UUID.randomUUID();
                String key = sourceKey(videoId);
                long limit = properties.maxUploadSize().toBytes();
                return storage.write(key, content, limit)
                        .flatMap(bytes -> Mono.fromCallable(() -> inspect(storage.localFile(key), bytes))
                                .subscribeOn(Schedulers.boundedElastic())
                                .map(type -> Video.queued(videoId, lessonId, trainer.subject(), name, type, bytes,
                                        clock.instant())))
                        .flatMap(videos::insert)
                        .onErrorResume(error -> Mono.fromRunnable(() -> storage.delete(key))
                                .subscribeOn(Schedulers.boundedElastic())
                                .then(Mono.error(error)));
            });
        });
    }

    /** Blocking: sniffs the bytes and asks ffprobe; answers the sniffed media type. */
    private String inspect(Path file, long bytes) {
        if (bytes == 0) {
            throw new DomainException.Invalid("Le fichier envoyé est vide.", List.of(new FieldError("file", "fichier vide")));
        }
        String type = tools.sniff(file);
        if (!VideoTools.VIDEO_TYPES.contains(type)) {
            throw new DomainException.UnsupportedContent("Le fichier envoyé n'est pas une vidéo (contenu reconnu : "
                    + type + "). Formats acceptés : MP4, MOV, WebM, MKV, AVI, MPEG-TS.");
        }
        try {
            tools.probe(file);
        } catch (VideoTools.UnreadableVideo unreadable) {
            throw new DomainException.Invalid("La vidéo est illisible ou incomplète (envoi interrompu ?).",
                    List.of(new FieldError("file", "vidéo illisible")));
        }
        return type;
    }

    /** The job's state, for the trainer who uploaded it (and admins). */
    public Mono<Video> status(Caller trainer, UUID videoId) {
        return videos.findById(videoId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune vidéo " + videoId + ".")))
                .flatMap(video -> managedLesson(trainer, video.lessonId()).thenReturn(video));
    }

    /**
     * @param grant          the signed playback grant (learner, lesson, window) progress-service asks of offline
     *                       heartbeats: they are credited only if they fall inside {@code grantExpiresAt}'s window
     */
    public record Playback(Video video, String basePath, Instant expiresAt, List<VideoRepository.Track> tracks,
                           String grant, Instant grantExpiresAt) {
    }

    /**
     * Signed links to a lesson's video for a learner enrolled in its course (or its trainer, or an admin). The
     * links live for the video's duration plus a grace period: long enough to watch, short enough that a leaked
     * link soon stops working.
     */
    public Mono<Playback> play(Caller viewer, UUID lessonId) {
        return lessons.findById(lessonId)
                .switchIfEmpty(Mono.error(() -> new LessonNotFound(lessonId)))
                .flatMap(lesson -> courses.findById(lesson.courseId())
                        .switchIfEmpty(Mono.error(() -> new LessonNotFound(lessonId)))
                        .flatMap(course -> mayWatch(viewer, course, lesson))
                        .flatMap(allowed -> {
                            if (lesson.videoId() == null) {
                                return Mono.error(new DomainException.Conflict("Cette leçon n'a pas encore de vidéo prête."));
                            }
                            return videos.findById(lesson.videoId());
                        }))
                .flatMap(video -> videos.tracksOf(video.id()).collectList().map(tracks -> {
                    Instant now = clock.instant();
                    Instant expiresAt = now
                            .plus(Duration.ofMillis((long) (video.durationSeconds() * 1000)))
                            .plus(properties.linkGrace());
                    String token = new MediaToken(video.id(), expiresAt).sign(signingKey);
                    // a video downloaded for offline viewing is watched after its links expire: the grant's window
                    // is the offline one, never shorter than the links'
                    // (in whole seconds, as the JWS carries them)
                    Instant grantExpiresAt = max(expiresAt, now.plus(properties.offlineWindow())).truncatedTo(ChronoUnit.SECONDS);
                    String grant = grants.sign(new PlaybackGrant(viewer.id(), lessonId, now.truncatedTo(ChronoUnit.SECONDS),
                            grantExpiresAt));
                    return new Playback(video, "/api/catalog/media/" + token + "/", expiresAt, tracks, grant, grantExpiresAt);
                }));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Captions of the lesson's current video in one language (ISO 639-1), replacing any earlier ones. */
    public Mono<Void> putCaptions(Caller trainer, UUID lessonId, String language, String text) {
        return Mono.defer(() -> {
            if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > WebVtt.MAX_BYTES) {
                return Mono.error(new DomainException.TooLarge("Les sous-titres dépassent 512 Kio.", WebVtt.MAX_BYTES));
            }
            String captions = WebVtt.checkedCaptions(text);
            return readyVideoOf(trainer, lessonId).flatMap(video -> storeTrack(video, "CAPTIONS", language,
                    "captions_" + language + ".vtt", captions));
        });
    }

    /** The lesson video's chapters, written as a WebVTT chapters track. */
    public Mono<Void> putChapters(Caller trainer, UUID lessonId, List<WebVtt.Chapter> chapters) {
        return readyVideoOf(trainer, lessonId).flatMap(video -> Mono.fromCallable(() -> WebVtt.chapters(chapters, video.durationSeconds()))
                .flatMap(vtt -> storeTrack(video, "CHAPTERS", "fr", "chapters.vtt", vtt)));
    }

    private Mono<Video> readyVideoOf(Caller trainer, UUID lessonId) {
        return managedLesson(trainer, lessonId).flatMap(lesson -> lesson.videoId() == null
                ? Mono.error(new DomainException.Conflict("Cette leçon n'a pas encore de vidéo prête."))
                : videos.findById(lesson.videoId()));
    }

    private Mono<Void> storeTrack(Video video, String kind, String language, String file, String text) {
        Flux<DataBuffer> content = Flux.just(org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance
                .wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return storage.write(renditionsKey(video.id()) + "/" + file, content, WebVtt.MAX_BYTES)
                .then(videos.saveTrack(video.id(), kind, language, clock.instant()));
    }

    private Mono<Boolean> mayWatch(Caller viewer, Course course, Lesson lesson) {
        if (course.isManagedBy(viewer)) {
            return Mono.just(true);
        }
        if (!lesson.isPublished() || !course.isVisibleTo(viewer)) {
            return Mono.error(new LessonNotFound(lesson.id()));
        }
        return enrolments.hasAccess(course.id(), viewer.id())
                .flatMap(enrolled -> enrolled ? Mono.just(true) : Mono.error(new DomainException.Forbidden(
                        "Inscrivez-vous à la formation « " + course.details().title() + " » pour voir cette vidéo.")));
    }

    public record MediaFile(Resource resource, Instant expiresAt) {
    }

    /** A file of a video, to whoever holds a valid unexpired link; anything else is refused the same way. */
    public MediaFile mediaFile(String token, String file) {
        MediaToken claims = MediaToken.verify(token, signingKey, clock.instant())
                .orElseThrow(() -> new DomainException.Forbidden("Ce lien vidéo n'est pas valable ou a expiré."));
        if (!MEDIA_FILE.matcher(file).matches()) {
            throw new DomainException.NotFound("Aucun fichier « " + file + " » pour cette vidéo.");
        }
        return storage.read(renditionsKey(claims.videoId()) + "/" + file)
                .map(resource -> new MediaFile(resource, claims.expiresAt()))
                .orElseThrow(() -> new DomainException.NotFound("Aucun fichier « " + file + " » pour cette vidéo."));
    }

    private Mono<Lesson> managedLesson(Caller trainer, UUID lessonId) {
        return lessons.findById(lessonId)
                .switchIfEmpty(Mono.error(() -> new LessonNotFound(lessonId)))
                .flatMap(lesson -> courses.findById(lesson.courseId())
                        .filter(course -> course.isVisibleTo(trainer))
                        .switchIfEmpty(Mono.error(() -> new CourseNotFound(lesson.courseId())))
                        .doOnNext(course -> course.ensureManagedBy(trainer))
                        .thenReturn(lesson));
    }
}
