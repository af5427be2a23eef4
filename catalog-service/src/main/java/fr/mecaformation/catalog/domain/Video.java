package fr.mecaformation.catalog.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A source video uploaded for a lesson and what its transcoding made of it: the real duration (ffprobe) and the
 * frame heights of its HLS renditions, lowest first.
 */
public record Video(UUID id, UUID lessonId, String uploadedBy, String originalName, String contentType, long sourceBytes,
                    VideoStatus status, int attempts, String lastError, Double durationSeconds, List<Integer> qualities,
                    Instant createdAt, Instant readyAt) {

    public Video {
        qualities = qualities == null ? List.of() : List.copyOf(qualities);
    }

    public static Video queued(UUID id, UUID lessonId, String uploadedBy, String originalName, String contentType,
                               long sourceBytes, Instant now) {
        return new Video(id, lessonId, uploadedBy, originalName, contentType, sourceBytes, VideoStatus.QUEUED, 0, null,
                null, List.of(), now, null);
    }

    public boolean isReady() {
        return status == VideoStatus.READY;
    }
}
