package fr.mecaformation.progress.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import fr.mecaformation.progress.application.Notes;
import fr.mecaformation.progress.application.OfflineSync;
import fr.mecaformation.progress.application.OfflineSync.ItemResult;
import fr.mecaformation.progress.application.OfflineSync.OfflineItem;
import fr.mecaformation.progress.domain.GivenAnswer;
import fr.mecaformation.progress.domain.Heartbeat;
import fr.mecaformation.progress.domain.WatchRules;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The PWA's offline queue, sent back in one batch: one result per item, in the order sent. */
@RestController
@RequestMapping(path = "/api/progress", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Callers.PERSON)
public class SyncController {

    public static final int MAX_ITEMS = 1000;

    private final OfflineSync sync;
    private final Validator validator;

    public SyncController(OfflineSync sync, Validator validator) {
        this.sync = sync;
        this.validator = validator;
    }

    public record SyncRequest(
            @NotNull(message = "est obligatoire")
            @Size(min = 1, max = MAX_ITEMS, message = "doit contenir entre 1 et 1000 éléments par envoi") List<@NotNull SyncItem> items) {
    }

    /** One thing done offline. {@code clientId} is made up by the device, unique per item (a UUID is ideal). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = HeartbeatItem.class, name = "HEARTBEAT"),
            @JsonSubTypes.Type(value = NoteItem.class, name = "NOTE"),
            @JsonSubTypes.Type(value = QuizAttemptItem.class, name = "QUIZ_ATTEMPT")})
    public sealed interface SyncItem permits HeartbeatItem, NoteItem, QuizAttemptItem {
        String clientId();
    }

    static final String CLIENT_ID = "[A-Za-z0-9._:-]+";
    static final String CLIENT_ID_MESSAGE = "lettres, chiffres, '.', '_', ':' ou '-' seulement";

    /** A note written, edited or deleted offline; {@code baseVersion} is the version the edit was made on. */
    public record NoteItem(
            @NotEmpty(message = "est obligatoire") @Size(max = 64, message = "64 caractères au plus")
            @Pattern(regexp = CLIENT_ID, message = CLIENT_ID_MESSAGE) String clientId,
            @NotNull(message = "est obligatoire") UUID noteId,
            @NotNull(message = "est obligatoire") Notes.NoteChange.Kind action,
            UUID lessonId, Long baseVersion, Double positionSeconds, String markdown) implements SyncItem {
    }

    /** A quiz answered offline; {@code attemptId} makes a resend harmless, as online. */
    public record QuizAttemptItem(
            @NotEmpty(message = "est obligatoire") @Size(max = 64, message = "64 caractères au plus")
            @Pattern(regexp = CLIENT_ID, message = CLIENT_ID_MESSAGE) String clientId,
            @NotNull(message = "est obligatoire") UUID lessonId,
            @NotNull(message = "est obligatoire") UUID attemptId,
            Integer quizVersion,
            @NotNull(message = "est obligatoire") List<GivenAnswer> answers) implements SyncItem {
    }

    public record HeartbeatItem(
            @NotEmpty(message = "est obligatoire") @Size(max = 64, message = "64 caractères au plus")
            @Pattern(regexp = CLIENT_ID, message = CLIENT_ID_MESSAGE) String clientId,
            @NotNull(message = "est obligatoire") UUID lessonId,
            @NotNull(message = "est obligatoire") UUID sessionId,
            @NotNull(message = "est obligatoire") @DecimalMin(value = "0", message = "doit être positive ou nulle")
            @DecimalMax(value = "86400", message = "doit être une position dans la vidéo (en secondes)") Double positionSeconds,
            @NotNull(message = "est obligatoire") Boolean playing,
            @NotNull(message = "est obligatoire") @DecimalMin(value = "0.25", message = "doit être au moins 0,25")
            @DecimalMax(value = WatchRules.MAX_PLAYBACK_RATE, message = "ne peut dépasser 2") Double playbackRate,
            @NotNull(message = "est obligatoire") Instant clientAt,
            // the playback grant of the lesson's media links (catalog-service's playback answer): without a valid one
            // the heartbeat is refused (UNATTESTED), and it counts only within the grant's window (OUTSIDE_GRANT)
            @Size(max = 2048, message = "2048 caractères au plus") String grant) implements SyncItem {
    }

    public record SyncResponse(int applied, int duplicates, int rejected, List<ItemResult> results) {
        static SyncResponse of(List<ItemResult> results) {
            return new SyncResponse(count(results, OfflineSync.Status.APPLIED), count(results, OfflineSync.Status.DUPLICATE),
                    count(results, OfflineSync.Status.REJECTED), results);
        }

        private static int count(List<ItemResult> results, OfflineSync.Status status) {
            return (int) results.stream().filter(result -> result.status() == status).count();
        }
    }

    @PostMapping(path = "/sync", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SyncResponse> sync(@Valid @RequestBody SyncRequest request, JwtAuthenticationToken caller) {
        List<OfflineItem> items = request.items().stream().map(this::toOfflineItem).toList();
        return sync.apply(Callers.of(caller).id(), items).map(SyncResponse::of);
    }

    /** A malformed item is refused on its own; the others still apply. */
    private OfflineItem toOfflineItem(SyncItem item) {
        String clientId = item.clientId() == null ? "" : item.clientId();
        String violations = validator.validate(item).stream()
                .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .collect(Collectors.joining(" ; "));
        if (!violations.isEmpty()) {
            return new OfflineItem(clientId, contentHash(item), null, violations);
        }
        OfflineSync.OfflineChange change;
        if (item instanceof HeartbeatItem heartbeat) {
            change = new OfflineSync.HeartbeatChange(heartbeat.lessonId(), new Heartbeat(heartbeat.sessionId(),
                    heartbeat.positionSeconds(), heartbeat.playing(), heartbeat.playbackRate(), heartbeat.clientAt()),
                    heartbeat.grant());
        } else if (item instanceof NoteItem note) {
            change = new OfflineSync.NoteEdit(new Notes.NoteChange(note.noteId(), note.action(), note.lessonId(),
                    note.baseVersion(), note.positionSeconds(), note.markdown()));
        } else {
            QuizAttemptItem quiz = (QuizAttemptItem) item;
            change = new OfflineSync.QuizAnswers(quiz.lessonId(), quiz.attemptId(), quiz.quizVersion(), quiz.answers());
        }
        return new OfflineItem(clientId, contentHash(item), change, null);
    }

    /** What "the same item" means for a resend: the same type and values, whatever the JSON's layout. */
    private static byte[] contentHash(SyncItem item) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(item.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
