package fr.mecaformation.progress.application;

import fr.mecaformation.progress.persistence.LearningCatalogRepository;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * An erased account ({@code UserDeleted}) leaves no personal data here: progress, notes, attempts and the name on
 * certificates go; the course statistics they fed stay. Each part of the service that keeps personal data registers a
 * {@link PersonalData} bean; all of them run in the caller's transaction (the inbox's), so erasure is all or nothing.
 */
@Service
public class LearnerErasure {

    /** A holder of personal data, erased with the account. */
    public interface PersonalData {
        Mono<Void> eraseLearner(UUID learnerId);
    }

    private final LearningCatalogRepository catalog;
    private final List<PersonalData> holders;

    public LearnerErasure(LearningCatalogRepository catalog, List<PersonalData> holders) {
        this.catalog = catalog;
        this.holders = holders;
    }

    public Mono<Void> erase(UUID learnerId) {
        return Flux.fromIterable(holders).concatMap(holder -> holder.eraseLearner(learnerId))
                .then(catalog.eraseLearner(learnerId));
    }
}
