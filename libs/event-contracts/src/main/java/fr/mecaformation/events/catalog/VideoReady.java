package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A lesson's uploaded video is transcoded: its HLS renditions ({@code qualities}, frame heights) can be played. */
@EventContract(type = "fr.mecaformation.catalog.video.ready.v1", topic = LessonEvents.TOPIC,
        schema = "schemas/catalog/video-ready.v1.json")
public record VideoReady(UUID videoId, UUID lessonId, UUID courseId, double durationSeconds, List<Integer> qualities,
                         Instant readyAt) implements DomainEvent {

    public VideoReady {
        qualities = List.copyOf(qualities);
    }

    @Override
    public String subject() {
        return lessonId.toString();
    }
}
