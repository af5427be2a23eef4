package fr.mecaformation.progress.domain;

import java.util.UUID;

/**
 * A published lesson as progress tracking sees it, and whether the learner asking may follow its course.
 *
 * @param durationSeconds the video's real length, null for lessons that are not videos
 * @param courseOwnerId   the trainer who owns the course (Keycloak subject)
 */
public record LessonContext(UUID lessonId, UUID courseId, LessonKind kind, Double durationSeconds, String courseTitle,
                            String courseOwnerId, boolean enrolled) {

    public boolean isVideo() {
        return kind == LessonKind.VIDEO;
    }
}
