package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.GivenAnswer;
import fr.mecaformation.progress.domain.Quiz;
import fr.mecaformation.progress.domain.QuizAttempts;
import fr.mecaformation.progress.domain.QuizQuestion;
import fr.mecaformation.progress.domain.QuizScoring;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Quiz versions and attempts. Questions and answers are stored as JSON documents of this class's own shapes. */
@Repository
public class QuizRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<StoredQuestion>> QUESTIONS = new TypeReference<>() { };
    private static final TypeReference<List<GivenAnswer>> ANSWERS = new TypeReference<>() { };

    private final DatabaseClient db;

    public QuizRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The stored shape of a question: one flat record for every type, so the JSON stays readable in SQL. */
    record StoredQuestion(UUID id, QuizQuestion.Type type, String text, int points, String explanation,
                          List<QuizQuestion.Option> options, Double expected, Double tolerance, String unit) {

        static StoredQuestion of(QuizQuestion question) {
            if (question instanceof QuizQuestion.Numeric numeric) {
                return new StoredQuestion(question.id(), question.type(), question.text(), question.points(),
                        question.explanation(), List.of(), numeric.expected(), numeric.tolerance(), numeric.unit());
            }
            return new StoredQuestion(question.id(), question.type(), question.text(), question.points(),
                    question.explanation(), question.options(), null, null, null);
        }

        QuizQuestion toQuestion() {
            return switch (type) {
                case SINGLE_CHOICE -> new QuizQuestion.SingleChoice(id, text, points, explanation, options);
                case MULTIPLE_CHOICE -> new QuizQuestion.MultipleChoice(id, text, points, explanation, options);
                case ORDERING -> new QuizQuestion.Ordering(id, text, points, explanation, options);
                case NUMERIC -> new QuizQuestion.Numeric(id, text, points, explanation, expected, tolerance, unit);
            };
        }
    }

    public Mono<Integer> latestVersion(UUID lessonId) {
        return db.sql("SELECT coalesce(max(version), 0) AS version FROM quiz_version WHERE lesson_id = :lesson")
                .bind("lesson", lessonId)
                .map(row -> row.get("version", Integer.class))
                .one();
    }

    public Mono<Quiz> current(UUID lessonId) {
        return db.sql("SELECT * FROM quiz_version WHERE lesson_id = :lesson ORDER BY version DESC LIMIT 1")
                .bind("lesson", lessonId)
                .map(QuizRepository::quiz)
                .one();
    }

    public Mono<Quiz> version(UUID lessonId, int version) {
        return db.sql("SELECT * FROM quiz_version WHERE lesson_id = :lesson AND version = :version")
                .bind("lesson", lessonId).bind("version", version)
                .map(QuizRepository::quiz)
                .one();
    }

    /** False when another trainer's save took this version number first. */
    public Mono<Boolean> insert(Quiz quiz, Instant at) {
        return db.sql("""
                        INSERT INTO quiz_version (lesson_id, version, pass_mark_percent, max_attempts, cooldown_seconds,
                                                  questions, created_at)
                        VALUES (:lesson, :version, :passMark, :maxAttempts, :cooldown, :questions, :at)
                        ON CONFLICT (lesson_id, version) DO NOTHING""")
                .bind("lesson", quiz.lessonId()).bind("version", quiz.version())
                .bind("passMark", quiz.passMarkPercent()).bind("maxAttempts", quiz.maxAttempts())
                .bind("cooldown", quiz.cooldown().toSeconds())
                .bind("questions", Json.of(JSON.writeValueAsString(quiz.questions().stream().map(StoredQuestion::of).toList())))
                .bind("at", utc(at))
                .fetch().rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    /** Serialises one learner's attempts at one quiz until the transaction ends (limit and cool-down hold under races). */
    public Mono<Void> lockLearnerQuiz(UUID learnerId, UUID lessonId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:learner AS text) || CAST(:lesson AS text), 7))")
                .bind("learner", learnerId).bind("lesson", lessonId)
                .fetch().rowsUpdated()
                .then();
    }

    /** A stored attempt, with what is needed to give its result again. */
    public record StoredAttempt(UUID attemptId, UUID learnerId, UUID lessonId, int quizVersion, int number,
                                List<GivenAnswer> answers, byte[] answersHash, int scorePercent, boolean passed,
                                Instant submittedAt) {

        public QuizAttempts.Past past() {
            return new QuizAttempts.Past(attemptId, number, quizVersion, scorePercent, passed, submittedAt);
        }
    }

    public Mono<StoredAttempt> findAttempt(UUID attemptId) {
        return db.sql("SELECT * FROM quiz_attempt WHERE attempt_id = :id")
                .bind("id", attemptId)
                .map(QuizRepository::attempt)
                .one();
    }

    public Flux<QuizAttempts.Past> attempts(UUID learnerId, UUID lessonId) {
        return db.sql("""
                        SELECT attempt_id, attempt_number, quiz_version, score_percent, passed, submitted_at FROM quiz_attempt
                        WHERE learner_id = :learner AND lesson_id = :lesson ORDER BY attempt_number""")
                .bind("learner", learnerId).bind("lesson", lessonId)
                .map(row -> new QuizAttempts.Past(row.get("attempt_id", UUID.class), row.get("attempt_number", Integer.class),
                        row.get("quiz_version", Integer.class), row.get("score_percent", Integer.class),
                        Boolean.TRUE.equals(row.get("passed", Boolean.class)),
                        row.get("submitted_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    public Mono<Void> insertAttempt(UUID attemptId, UUID learnerId, UUID lessonId, UUID courseId, int quizVersion, int number,
                                    List<GivenAnswer> answers, byte[] answersHash, QuizScoring.Scored scored, Instant at) {
        return db.sql("""
                        INSERT INTO quiz_attempt (attempt_id, learner_id, lesson_id, course_id, quiz_version, attempt_number,
                                                  answers, answers_hash, earned_points, max_points, score_percent, passed,
                                                  submitted_at)
                        VALUES (:id, :learner, :lesson, :course, :version, :number, :answers, :hash, :earned, :max, :score,
                                :passed, :at)""")
                .bind("id", attemptId).bind("learner", learnerId).bind("lesson", lessonId).bind("course", courseId)
                .bind("version", quizVersion).bind("number", number)
                .bind("answers", Json.of(JSON.writeValueAsString(answers))).bind("hash", answersHash)
                .bind("earned", scored.earnedPoints()).bind("max", scored.maxPoints())
                .bind("score", scored.scorePercent()).bind("passed", scored.passed()).bind("at", utc(at))
                .then();
    }

    /** {@code UserDeleted}: the attempts stay for the quiz's figures, without whose they were. */
    public Mono<Void> anonymiseLearner(UUID learnerId) {
        return db.sql("UPDATE quiz_attempt SET learner_id = NULL WHERE learner_id = :learner")
                .bind("learner", learnerId)
                .then();
    }

    private static Quiz quiz(Readable row) {
        List<StoredQuestion> questions = JSON.readValue(row.get("questions", Json.class).asString(), QUESTIONS);
        return new Quiz(row.get("lesson_id", UUID.class), row.get("version", Integer.class),
                row.get("pass_mark_percent", Integer.class), row.get("max_attempts", Integer.class),
                Duration.ofSeconds(row.get("cooldown_seconds", Long.class)),
                questions.stream().map(StoredQuestion::toQuestion).toList());
    }

    private static StoredAttempt attempt(Readable row) {
        return new StoredAttempt(row.get("attempt_id", UUID.class), row.get("learner_id", UUID.class),
                row.get("lesson_id", UUID.class), row.get("quiz_version", Integer.class),
                row.get("attempt_number", Integer.class),
                JSON.readValue(row.get("answers", Json.class).asString(), ANSWERS),
                toBytes(row.get("answers_hash", java.nio.ByteBuffer.class)),
                row.get("score_percent", Integer.class), Boolean.TRUE.equals(row.get("passed", Boolean.class)),
                row.get("submitted_at", OffsetDateTime.class).toInstant());
    }

    private static byte[] toBytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
