package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * A learner's own list of lessons, in the order they chose. Only its owner sees or changes it; a share token, once
 * made, lets anyone read it (titles only: playing a lesson still takes an enrolment).
 */
public record Playlist(UUID id, UUID ownerId, String title, String shareToken, List<UUID> lessonIds, Instant createdAt,
                       Instant updatedAt) {

    public static final int MAX_ITEMS = 200;

    public Playlist {
        lessonIds = List.copyOf(lessonIds);
    }

    public boolean isOwnedBy(UUID person) {
        return ownerId.equals(person);
    }

    public static List<UUID> checkedOrder(List<UUID> lessonIds) {
        if (lessonIds.size() > MAX_ITEMS || new HashSet<>(lessonIds).size() != lessonIds.size()) {
            throw new DomainException.Invalid("Liste de leçons refusée.", List.of(new FieldError("lessonIds",
                    "au plus " + MAX_ITEMS + " leçons, chacune une seule fois")));
        }
        return List.copyOf(lessonIds);
    }
}
