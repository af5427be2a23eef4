package fr.mecaformation.progress.application;

import fr.mecaformation.progress.persistence.NoteRepository;
import fr.mecaformation.progress.persistence.QuizRepository;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * {@code UserDeleted}: a learner's notes (their own words) are deleted; their quiz attempts stay without them, so each
 * quiz keeps its numbers of attempts, scores and passes.
 */
@Component
public class QuizAndNoteErasure implements LearnerErasure.PersonalData {

    private final NoteRepository notes;
    private final QuizRepository quizzes;

    public QuizAndNoteErasure(NoteRepository notes, QuizRepository quizzes) {
        this.notes = notes;
        this.quizzes = quizzes;
    }

    @Override
    public Mono<Void> eraseLearner(UUID learnerId) {
        return notes.eraseLearner(learnerId).then(quizzes.anonymiseLearner(learnerId));
    }
}
