package fr.mecaformation.progress.api;

import fr.mecaformation.progress.application.Quizzes;
import fr.mecaformation.progress.domain.GivenAnswer;
import fr.mecaformation.progress.domain.Quiz;
import fr.mecaformation.progress.domain.QuizAttempts;
import fr.mecaformation.progress.domain.QuizDraft;
import fr.mecaformation.progress.domain.QuizQuestion;
import fr.mecaformation.web.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A QUIZ lesson's quiz: set by the course's trainer or an admin, answered by enrolled learners. Before an attempt is
 * submitted no answer, tolerance or explanation leaves the server; its feedback comes with its result.
 */
@RestController
@RequestMapping(path = "/api/progress/lessons/{lessonId}/quiz", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Callers.PERSON)
public class QuizController {

    private static final String MANAGER = "hasAnyRole('trainer', 'admin')";

    private final Quizzes quizzes;

    public QuizController(Quizzes quizzes) {
        this.quizzes = quizzes;
    }

    /** The whole quiz with its answers, for those who set it. */
    public record QuizDefinition(UUID lessonId, int version, int passMarkPercent, int maxAttempts, long cooldownSeconds,
                                 List<QuestionDefinition> questions) {

        static QuizDefinition of(Quiz quiz) {
            return new QuizDefinition(quiz.lessonId(), quiz.version(), quiz.passMarkPercent(), quiz.maxAttempts(),
                    quiz.cooldown().toSeconds(), quiz.questions().stream().map(QuestionDefinition::of).toList());
        }
    }

    public record QuestionDefinition(UUID id, QuizQuestion.Type type, String text, int points, String explanation,
                                     List<QuizQuestion.Option> options, Double expected, Double tolerance, String unit) {

        static QuestionDefinition of(QuizQuestion question) {
            if (question instanceof QuizQuestion.Numeric numeric) {
                return new QuestionDefinition(question.id(), question.type(), question.text(), question.points(),
                        question.explanation(), List.of(), numeric.expected(), numeric.tolerance(), numeric.unit());
            }
            return new QuestionDefinition(question.id(), question.type(), question.text(), question.points(),
                    question.explanation(), question.options(), null, null, null);
        }
    }

    /**
     * Sets the quiz (a new version each time): pass mark, attempts, cool-down after a failure, questions. Attempts
     * already made keep the version they answered and still count against the limit.
     */
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(MANAGER)
    public Mono<QuizDefinition> define(@PathVariable UUID lessonId, @RequestBody QuizDraft draft, JwtAuthenticationToken caller) {
        return quizzes.define(Callers.of(caller), lessonId, draft).map(QuizDefinition::of);
    }

    @GetMapping("/definition")
    @PreAuthorize(MANAGER)
    public Mono<QuizDefinition> definition(@PathVariable UUID lessonId, JwtAuthenticationToken caller) {
        return quizzes.definition(Callers.of(caller), lessonId).map(QuizDefinition::of);
    }

    /** What a learner sees: questions and options only, their attempts, what is left and when they may try again. */
    public record LearnerQuiz(UUID lessonId, int quizVersion, int passMarkPercent, int maxAttempts, long cooldownSeconds,
                              List<QuizQuestion.ShownQuestion> questions, List<QuizAttempts.Past> attempts,
                              int attemptsLeft, boolean passed, Instant nextAttemptAt) {
    }

    @GetMapping
    public Mono<LearnerQuiz> forLearner(@PathVariable UUID lessonId, JwtAuthenticationToken caller) {
        return quizzes.forLearner(Callers.of(caller).id(), lessonId).map(view -> new LearnerQuiz(view.quiz().lessonId(),
                view.quiz().version(), view.quiz().passMarkPercent(), view.quiz().maxAttempts(), view.quiz().cooldownSeconds(),
                view.quiz().questions(), view.attempts(), view.standing().attemptsLeft(), view.standing().passed(),
                view.standing().nextAttemptAt()));
    }

    /**
     * @param attemptId   a UUID made by the client: resending the same attempt answers its first result
     * @param quizVersion optional: the version answered, refused (409) when the quiz changed since
     */
    public record AttemptRequest(UUID attemptId, Integer quizVersion, List<GivenAnswer> answers) {
    }

    /** Scores an attempt: 201 with its feedback, or 200 with the stored result when the attempt id was scored already. */
    @PostMapping(path = "/attempts", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Quizzes.AttemptResult>> submit(@PathVariable UUID lessonId, @RequestBody AttemptRequest request,
                                                              JwtAuthenticationToken caller) {
        return quizzes.submit(Callers.of(caller).id(), lessonId,
                        new Quizzes.Submission(request.attemptId(), request.quizVersion(), request.answers()))
                .map(result -> ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(result));
    }
}
