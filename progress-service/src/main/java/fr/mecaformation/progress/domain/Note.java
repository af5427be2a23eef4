package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A learner's private note at a moment of a lesson. Its id may come from the client (made offline), and every change
 * raises {@code version}: an edit names the version it was made on, so a stale edit is refused and a replayed one is
 * recognised. A deleted note stays as an empty tombstone, so a late replay can't bring it back.
 */
public record Note(UUID id, UUID learnerId, UUID lessonId, double positionSeconds, String markdown, long version,
                   Instant createdAt, Instant updatedAt, boolean deleted) {

    public static final int MAX_MARKDOWN_LENGTH = 10_000;

    public boolean sameContent(double position, String text) {
        return !deleted && Double.compare(positionSeconds, position) == 0 && Objects.equals(markdown, text);
    }

    /** Position and text, checked against the lesson: a video's note can't point past the video's end. */
    public static void check(Double positionSeconds, String markdown, LessonContext lesson) {
        List<FieldError> errors = new ArrayList<>();
        if (positionSeconds == null || !Double.isFinite(positionSeconds) || positionSeconds < 0) {
            errors.add(new FieldError("positionSeconds", "un nombre de secondes positif ou nul"));
        } else if (lesson.isVideo() && lesson.durationSeconds() != null && positionSeconds > lesson.durationSeconds()) {
            errors.add(new FieldError("positionSeconds", "au plus la durée de la vidéo (" + lesson.durationSeconds() + " s)"));
        } else if (!lesson.isVideo() && positionSeconds > 86_400) {
            errors.add(new FieldError("positionSeconds", "au plus 86400 s"));
        }
        if (markdown == null || markdown.isBlank()) {
            errors.add(new FieldError("markdown", "est obligatoire"));
        } else if (markdown.length() > MAX_MARKDOWN_LENGTH) {
            errors.add(new FieldError("markdown", "ne doit pas dépasser " + MAX_MARKDOWN_LENGTH + " caractères"));
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Note refusée.", errors);
        }
    }

    /** An edit made on a version that is no longer the note's. */
    public static final class StaleVersion extends DomainException.Conflict {
        private final long currentVersion;

        public StaleVersion(long currentVersion) {
            super("Cette note a changé depuis (version actuelle " + currentVersion + ") : rechargez-la avant de la modifier.");
            this.currentVersion = currentVersion;
        }

        public long currentVersion() {
            return currentVersion;
        }
    }
}
