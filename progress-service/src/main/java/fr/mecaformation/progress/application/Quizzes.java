package fr.mecaformation.progress.application;

import fr.mecaformation.events.progress.QuizSubmitted;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.progress.domain.GivenAnswer;
import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.domain.LessonKind;
import fr.mecaformation.progress.domain.Quiz;
import fr.mecaformation.progress.domain.QuizAttempts;
import fr.mecaformation.progress.domain.QuizDraft;
import fr.mecaformation.progress.domain.QuizScoring;
import fr.mecaformation.progress.persistence.QuizRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Caller;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Quizzes: trainers set them (each save a new version), learners see them without their answers, and attempts are
 * scored here, once per client-made attempt id. A scored attempt, its {@code QuizSubmitted} and — when it passes — the
 * lesson's completion commit together.
 */
@Service
public class Quizzes {

    private final LessonAccess access;
    private final QuizRepository quizzes;
    private final Completions completions;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Quizzes(LessonAccess access, QuizRepository quizzes, Completions completions, OutboxWriter outbox,
                   TransactionalOperator transactional, Clock clock) {
        this.access = access;
        this.quizzes = quizzes;
        this.completions = completions;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    /** Sets the lesson's quiz as a new version; earlier attempts keep theirs. Course's trainer or admin only. */
    public Mono<Quiz> define(Caller actor, UUID lessonId, QuizDraft draft) {
        return access.forManager(actor, lessonId)
                .flatMap(lesson -> lesson.kind() != LessonKind.QUIZ
                        ? Mono.error(new DomainException.Conflict("Cette leçon n'est pas un quiz (" + lesson.kind() + ")."))
                        : quizzes.latestVersion(lessonId).flatMap(latest -> {
                            Quiz quiz = draft.toQuiz(lessonId, latest + 1, UUID::randomUUID);
                            return quizzes.insert(quiz, now()).flatMap(saved -> saved ? Mono.just(quiz)
                                    : Mono.error(new DomainException.Conflict("Le quiz vient d'être modifié par ailleurs ; rechargez-le.")));
                        }))
                .as(transactional::transactional);
    }

    /** The quiz with its answers, for its course's trainer or an admin. */
    public Mono<Quiz> definition(Caller actor, UUID lessonId) {
        return access.forManager(actor, lessonId).flatMap(lesson -> current(lessonId));
    }

    public record LearnerView(Quiz.Shown quiz, List<QuizAttempts.Past> attempts, QuizAttempts.Standing standing) {
    }

    /** The quiz as the learner may see it (no answers), their attempts and when they may try again. */
    public Mono<LearnerView> forLearner(UUID learnerId, UUID lessonId) {
        return access.forLearner(learnerId, lessonId)
                .flatMap(lesson -> current(lessonId))
                .flatMap(quiz -> quizzes.attempts(learnerId, lessonId).collectList()
                        .map(attempts -> new LearnerView(quiz.shown(), attempts,
                                QuizAttempts.standing(quiz, attempts, now()))));
    }

    /**
     * @param attemptId   made by the client, so a resent attempt is recognised
     * @param quizVersion the version the learner answered, when known: a quiz changed since is refused (409)
     */
    public record Submission(UUID attemptId, Integer quizVersion, List<GivenAnswer> answers) {
    }

    /** A scored attempt with its feedback. {@code replayed}: this attempt id had already been scored, nothing changed. */
    public record AttemptResult(UUID attemptId, boolean replayed, int attemptNumber, int quizVersion, double earnedPoints,
                                int maxPoints, int scorePercent, int passMarkPercent, boolean passed, Instant submittedAt,
                                List<QuizScoring.QuestionFeedback> feedback, int attemptsLeft, Instant nextAttemptAt) {
    }

    public Mono<AttemptResult> submit(UUID learnerId, UUID lessonId, Submission submission) {
        if (submission.attemptId() == null) {
            return Mono.error(new DomainException.Invalid("Tentative refusée.",
                    List.of(new FieldError("attemptId", "est obligatoire (un UUID créé par l'application)"))));
        }
        byte[] fingerprint = GivenAnswer.fingerprint(submission.answers());
        return access.forLearner(learnerId, lessonId)
                .flatMap(lesson -> quizzes.lockLearnerQuiz(learnerId, lessonId)
                        .then(quizzes.findAttempt(submission.attemptId()))
                        .flatMap(stored -> replay(stored, learnerId, lessonId, fingerprint))
                        .switchIfEmpty(Mono.defer(() -> score(lesson, learnerId, submission, fingerprint))))
                .as(transactional::transactional)
                .onErrorMap(DataIntegrityViolationException.class,
                        e -> new DomainException.Conflict("Cet identifiant de tentative est déjà utilisé."));
    }

    private Mono<AttemptResult> replay(QuizRepository.StoredAttempt stored, UUID learnerId, UUID lessonId, byte[] fingerprint) {
        if (!learnerId.equals(stored.learnerId()) || !lessonId.equals(stored.lessonId())) {
            return Mono.error(new DomainException.Conflict("Cet identifiant de tentative est déjà utilisé."));
        }
        if (!Arrays.equals(fingerprint, stored.answersHash())) {
            return Mono.error(new DomainException.Conflict("La tentative " + stored.attemptId()
                    + " a déjà été envoyée avec d'autres réponses ; elle garde son premier résultat."));
        }
        return Mono.zip(quizzes.version(lessonId, stored.quizVersion()), current(lessonId),
                        quizzes.attempts(learnerId, lessonId).collectList())
                .map(found -> result(found.getT1(), QuizScoring.score(found.getT1(), stored.answers()), stored.past(), true,
                        QuizAttempts.standing(found.getT2(), found.getT3(), now())));
    }

    private Mono<AttemptResult> score(LessonContext lesson, UUID learnerId, Submission submission, byte[] fingerprint) {
        return current(lesson.lessonId()).flatMap(quiz -> {
            if (submission.quizVersion() != null && submission.quizVersion() != quiz.version()) {
                return Mono.error(new DomainException.Conflict("Le quiz a changé depuis que vous l'avez ouvert (version "
                        + quiz.version() + " désormais) : rechargez-le ; rien n'a été compté."));
            }
            QuizScoring.Scored scored = QuizScoring.score(quiz, submission.answers());
            Instant now = now();
            return quizzes.attempts(learnerId, lesson.lessonId()).collectList().flatMap(past -> {
                int number = QuizAttempts.nextNumber(quiz, past, now);
                QuizAttempts.Past attempt = new QuizAttempts.Past(submission.attemptId(), number, quiz.version(),
                        scored.scorePercent(), scored.passed(), now);
                List<QuizAttempts.Past> after = new ArrayList<>(past);
                after.add(attempt);
                return quizzes.insertAttempt(submission.attemptId(), learnerId, lesson.lessonId(), lesson.courseId(),
                                quiz.version(), number, submission.answers(), fingerprint, scored, now)
                        .then(outbox.append(new QuizSubmitted(submission.attemptId(), learnerId, lesson.courseId(),
                                lesson.lessonId(), number, scored.scorePercent(), scored.passed(), now)))
                        .then(scored.passed() ? completions.completeLesson(learnerId, lesson, null, now) : Mono.just(false))
                        .thenReturn(result(quiz, scored, attempt, false, QuizAttempts.standing(quiz, after, now)));
            });
        });
    }

    private static AttemptResult result(Quiz quiz, QuizScoring.Scored scored, QuizAttempts.Past attempt, boolean replayed,
                                        QuizAttempts.Standing standing) {
        return new AttemptResult(attempt.attemptId(), replayed, attempt.number(), quiz.version(), scored.earnedPoints(),
                scored.maxPoints(), scored.scorePercent(), quiz.passMarkPercent(), scored.passed(), attempt.submittedAt(),
                scored.feedback(), standing.attemptsLeft(), standing.nextAttemptAt());
    }

    private Mono<Quiz> current(UUID lessonId) {
        return quizzes.current(lessonId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun quiz n'est encore prêt pour cette leçon.")));
    }

    /** What became of one quiz attempt sent by the offline sync: never an error, one outcome per item. */
    public record AttemptOutcome(UUID attemptId, Status status, String detail, AttemptResult result, Long retryAfterSeconds,
                                 List<FieldError> errors) {

        public enum Status {
            /** scored now */
            SCORED,
            /** this attempt id had been scored already with the same answers: its first result */
            REPLAYED,
            /** answers missing, unknown or of the wrong shape; nothing stored */
            REJECTED,
            /** a failed attempt is too recent; {@code retryAfterSeconds} says when to send it again */
            COOLING_DOWN,
            NO_ATTEMPTS_LEFT,
            /** quiz already passed or changed since, or the id reused with other answers */
            CONFLICT,
            /** no such lesson or no quiz in it */
            NOT_FOUND,
            /** not enrolled in the lesson's course */
            FORBIDDEN
        }

        static AttemptOutcome of(AttemptResult result) {
            return new AttemptOutcome(result.attemptId(), result.replayed() ? Status.REPLAYED : Status.SCORED, null, result,
                    null, List.of());
        }

        static AttemptOutcome refused(UUID attemptId, DomainException e) {
            if (e instanceof QuizAttempts.CoolingDown cooling) {
                return new AttemptOutcome(attemptId, Status.COOLING_DOWN, e.getMessage(), null, cooling.retryAfterSeconds(), List.of());
            }
            Status status = e instanceof QuizAttempts.Exhausted ? Status.NO_ATTEMPTS_LEFT
                    : e instanceof DomainException.Invalid ? Status.REJECTED
                    : e instanceof DomainException.NotFound ? Status.NOT_FOUND
                    : e instanceof DomainException.Forbidden ? Status.FORBIDDEN
                    : Status.CONFLICT;
            return new AttemptOutcome(attemptId, status, e.getMessage(), null, null,
                    e instanceof DomainException.Invalid invalid ? invalid.errors() : List.of());
        }
    }

    /** {@link #submitOffline(UUID, UUID, UUID, Integer, List)} without knowing which version the learner answered. */
    public Mono<AttemptOutcome> submitOffline(UUID learnerId, UUID lessonId, UUID attemptId, List<GivenAnswer> answers) {
        return submitOffline(learnerId, lessonId, attemptId, null, answers);
    }

    /**
     * An attempt queued offline: scored like any other (server time decides the cool-down), idempotent by attempt id.
     * Runs its own transaction; call it outside any other so that one refused item does not roll back the batch.
     */
    public Mono<AttemptOutcome> submitOffline(UUID learnerId, UUID lessonId, UUID attemptId, Integer quizVersion,
                                              List<GivenAnswer> answers) {
        return submit(learnerId, lessonId, new Submission(attemptId, quizVersion, answers))
                .map(AttemptOutcome::of)
                .onErrorResume(DomainException.class, e -> Mono.just(AttemptOutcome.refused(attemptId, e)));
    }

    /** To the microsecond, as PostgreSQL keeps it: a result given again from the database reads the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
