package fr.mecaformation.progress.application;

import fr.mecaformation.progress.domain.Note;
import fr.mecaformation.progress.domain.NoteHtml;
import fr.mecaformation.progress.persistence.NoteRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Learners' private notes on lessons. Anyone else's note answers 404, as if it did not exist. Every write is one
 * conditional statement on the note's version, so there is no transaction to hold: a stale edit is refused with the
 * current version, and a replayed create, edit or delete (same content) is recognised and changes nothing.
 */
@Service
public class Notes {

    private final LessonAccess access;
    private final NoteRepository notes;
    private final Clock clock;

    public Notes(LessonAccess access, NoteRepository notes, Clock clock) {
        this.access = access;
        this.notes = notes;
        this.clock = clock;
    }

    /** A note as its learner reads it: the markdown they typed and its sanitised HTML. */
    public record NoteView(UUID noteId, UUID lessonId, double positionSeconds, String markdown, String html, long version,
                           Instant createdAt, Instant updatedAt) {

        static NoteView of(Note note) {
            return new NoteView(note.id(), note.lessonId(), note.positionSeconds(), note.markdown(), NoteHtml.render(note.markdown()),
                    note.version(), note.createdAt(), note.updatedAt());
        }
    }

    /** @param changed false when the request was a replay of what the note already says */
    public record Saved(NoteView note, boolean changed) {
    }

    /** @param noteId the client's id (made offline), or null for a new one */
    public Mono<Saved> create(UUID learnerId, UUID lessonId, UUID noteId, Double positionSeconds, String markdown) {
        return access.forLearner(learnerId, lessonId).flatMap(lesson -> {
            Note.check(positionSeconds, markdown, lesson);
            Instant now = now();
            Note note = new Note(noteId == null ? UUID.randomUUID() : noteId, learnerId, lessonId, positionSeconds, markdown,
                    1, now, now, false);
            return notes.insert(note).flatMap(inserted -> inserted ? Mono.just(new Saved(NoteView.of(note), true))
                    : notes.find(note.id()).flatMap(existing -> {
                        boolean own = existing.learnerId().equals(learnerId) && existing.lessonId().equals(lessonId);
                        if (own && existing.version() == 1 && existing.sameContent(positionSeconds, markdown)) {
                            return Mono.just(new Saved(NoteView.of(existing), false));
                        }
                        if (own && existing.deleted()) {
                            return Mono.error(new DomainException.Conflict("Cette note a été supprimée."));
                        }
                        return own ? Mono.error(new Note.StaleVersion(existing.version()))
                                : Mono.error(new DomainException.Conflict("L'identifiant de note " + note.id() + " est déjà utilisé."));
                    }));
        });
    }

    public Mono<List<NoteView>> list(UUID learnerId, UUID lessonId) {
        return access.forLearner(learnerId, lessonId)
                .flatMap(lesson -> notes.ofLesson(learnerId, lessonId).map(NoteView::of).collectList());
    }

    public Mono<NoteView> get(UUID learnerId, UUID noteId) {
        return live(learnerId, noteId).map(NoteView::of);
    }

    /** @param version the version the edit was made on */
    public Mono<Saved> update(UUID learnerId, UUID noteId, Long version, Double positionSeconds, String markdown) {
        if (version == null) {
            return Mono.error(new DomainException.Invalid("Note refusée.",
                    List.of(new FieldError("version", "est obligatoire (la version sur laquelle porte la modification)"))));
        }
        return live(learnerId, noteId)
                .flatMap(note -> access.forLearner(learnerId, note.lessonId()))
                .flatMap(lesson -> {
                    Note.check(positionSeconds, markdown, lesson);
                    return notes.update(learnerId, noteId, version, positionSeconds, markdown, now())
                            .map(updated -> new Saved(NoteView.of(updated), true))
                            .switchIfEmpty(Mono.defer(() -> live(learnerId, noteId).flatMap(current ->
                                    current.version() == version + 1 && current.sameContent(positionSeconds, markdown)
                                            ? Mono.just(new Saved(NoteView.of(current), false))
                                            : Mono.error(new Note.StaleVersion(current.version())))));
                });
    }

    /**
     * Deletes the note (at {@code version} when given). True when this call deleted it, false when it was deleted
     * already (a replay).
     */
    public Mono<Boolean> delete(UUID learnerId, UUID noteId, Long version) {
        return notes.delete(learnerId, noteId, version, now()).map(deleted -> true)
                .switchIfEmpty(Mono.defer(() -> notes.find(noteId)
                        .filter(note -> note.learnerId().equals(learnerId))
                        .switchIfEmpty(Mono.error(() -> notFound(noteId)))
                        .flatMap(current -> current.deleted() ? Mono.just(false)
                                : Mono.error(new Note.StaleVersion(current.version())))));
    }

    private Mono<Note> live(UUID learnerId, UUID noteId) {
        return notes.find(noteId)
                .filter(note -> note.learnerId().equals(learnerId) && !note.deleted())
                .switchIfEmpty(Mono.error(() -> notFound(noteId)));
    }

    private static DomainException notFound(UUID noteId) {
        return new DomainException.NotFound("Aucune note " + noteId + ".");
    }

    /**
     * One note change made offline.
     *
     * @param lessonId     required to create; on a delete, lets a delete that arrives before its create leave a
     *                     tombstone, so the late create can't bring the note back
     * @param baseVersion  the version the change was made on (UPDATE: required; DELETE: optional, null deletes whatever
     *                     the version)
     */
    public record NoteChange(UUID noteId, Kind kind, UUID lessonId, Long baseVersion, Double positionSeconds, String markdown) {

        public enum Kind { CREATE, UPDATE, DELETE }
    }

    /**
     * What became of one offline note change.
     *
     * @param version the note's version after the change, or its current version on a conflict
     * @param note    the note as it now stands (null when deleted, refused or unknown)
     */
    public record NoteOutcome(UUID noteId, Status status, Long version, String detail, NoteView note, List<FieldError> errors) {

        public enum Status {
            /** the change was made */
            APPLIED,
            /** the note already said this (a replay): nothing changed */
            UNCHANGED,
            /** made on a stale version, or the note was deleted since: {@code version} is the current one */
            CONFLICT,
            /** invalid content (position, length…); nothing stored */
            REJECTED,
            /** no such note for this learner, or no such lesson */
            NOT_FOUND,
            /** not enrolled in the lesson's course */
            FORBIDDEN
        }
    }

    /** Applies one offline change, last writer wins by version; never fails, answers the item's outcome. */
    public Mono<NoteOutcome> applyOffline(UUID learnerId, NoteChange change) {
        if (change == null || change.noteId() == null || change.kind() == null
                || (change.kind() == NoteChange.Kind.CREATE && change.lessonId() == null)) {
            return Mono.just(new NoteOutcome(change == null ? null : change.noteId(), NoteOutcome.Status.REJECTED, null,
                    "Modification de note incomplète : noteId, kind et, pour une création, lessonId sont obligatoires.",
                    null, List.of()));
        }
        Mono<NoteOutcome> applied = switch (change.kind()) {
            case CREATE -> create(learnerId, change.lessonId(), change.noteId(), change.positionSeconds(), change.markdown())
                    .map(saved -> saved(change.noteId(), saved));
            case UPDATE -> update(learnerId, change.noteId(), change.baseVersion(), change.positionSeconds(), change.markdown())
                    .map(saved -> saved(change.noteId(), saved));
            case DELETE -> delete(learnerId, change.noteId(), change.baseVersion())
                    .map(deleted -> new NoteOutcome(change.noteId(), deleted ? NoteOutcome.Status.APPLIED
                            : NoteOutcome.Status.UNCHANGED, null, null, null, List.of()))
                    .onErrorResume(DomainException.NotFound.class, e -> tombstone(learnerId, change, e));
        };
        return applied.onErrorResume(DomainException.class, e -> Mono.just(refused(change.noteId(), e)));
    }

    private Mono<NoteOutcome> tombstone(UUID learnerId, NoteChange change, DomainException notFound) {
        if (change.lessonId() == null) {
            return Mono.error(notFound);
        }
        Instant now = now();
        return notes.insert(new Note(change.noteId(), learnerId, change.lessonId(), 0, "", 1, now, now, true))
                .flatMap(inserted -> inserted
                        ? Mono.just(new NoteOutcome(change.noteId(), NoteOutcome.Status.APPLIED, 1L, null, null, List.of()))
                        : Mono.error(notFound));
    }

    private static NoteOutcome saved(UUID noteId, Saved saved) {
        return new NoteOutcome(noteId, saved.changed() ? NoteOutcome.Status.APPLIED : NoteOutcome.Status.UNCHANGED,
                saved.note().version(), null, saved.note(), List.of());
    }

    private static NoteOutcome refused(UUID noteId, DomainException e) {
        if (e instanceof Note.StaleVersion stale) {
            return new NoteOutcome(noteId, NoteOutcome.Status.CONFLICT, stale.currentVersion(), e.getMessage(), null, List.of());
        }
        NoteOutcome.Status status = e instanceof DomainException.Invalid ? NoteOutcome.Status.REJECTED
                : e instanceof DomainException.NotFound ? NoteOutcome.Status.NOT_FOUND
                : e instanceof DomainException.Forbidden ? NoteOutcome.Status.FORBIDDEN
                : NoteOutcome.Status.CONFLICT;
        return new NoteOutcome(noteId, status, null, e.getMessage(), null,
                e instanceof DomainException.Invalid invalid ? invalid.errors() : List.of());
    }

    /** To the microsecond, as PostgreSQL keeps it: a result given again from the database reads the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
