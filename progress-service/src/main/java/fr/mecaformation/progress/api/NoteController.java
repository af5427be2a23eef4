package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.Notes;
import fr.mecaformation.web.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/** A learner's private, timestamped notes on lessons; nobody else's note is ever visible (404). */
@RestController
@RequestMapping(path = "/api/progress", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Callers.PERSON)
public class NoteController {

    private final Notes notes;

    public NoteController(Notes notes) {
        this.notes = notes;
    }

    /** @param noteId optional client-made id: sending the same note again answers it unchanged (200) */
    public record NewNote(UUID noteId, Double positionSeconds, String markdown) {
    }

    /** @param version the version the edit was made on; a stale one is refused (409 with {@code currentVersion}) */
    public record NoteEdit(Long version, Double positionSeconds, String markdown) {
    }

    @PostMapping(path = "/lessons/{lessonId}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Notes.NoteView>> create(@PathVariable UUID lessonId, @RequestBody NewNote note,
                                                       JwtAuthenticationToken caller) {
        return notes.create(Callers.of(caller).id(), lessonId, note.noteId(), note.positionSeconds(), note.markdown())
                .map(saved -> ResponseEntity.status(saved.changed() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.note()));
    }

    /** The learner's notes on a lesson, in the video's order. */
    @GetMapping("/lessons/{lessonId}/notes")
    public Mono<List<Notes.NoteView>> list(@PathVariable UUID lessonId, JwtAuthenticationToken caller) {
        return notes.list(Callers.of(caller).id(), lessonId);
    }

    @GetMapping("/notes/{noteId}")
    public Mono<Notes.NoteView> get(@PathVariable UUID noteId, JwtAuthenticationToken caller) {
        return notes.get(Callers.of(caller).id(), noteId);
    }

    @PutMapping(path = "/notes/{noteId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Notes.NoteView> update(@PathVariable UUID noteId, @RequestBody NoteEdit edit, JwtAuthenticationToken caller) {
        return notes.update(Callers.of(caller).id(), noteId, edit.version(), edit.positionSeconds(), edit.markdown())
                .map(Notes.Saved::note);
    }

    /** Deletes the note (only at {@code version} when given); deleting it again is harmless. */
    @DeleteMapping("/notes/{noteId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable UUID noteId, @RequestParam(required = false) Long version,
                             JwtAuthenticationToken caller) {
        return notes.delete(Callers.of(caller).id(), noteId, version).then();
    }
}
