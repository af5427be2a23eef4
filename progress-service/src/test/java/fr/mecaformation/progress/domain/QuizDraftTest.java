package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static fr.mecaformation.progress.domain.QuizQuestion.Type.MULTIPLE_CHOICE;
import static fr.mecaformation.progress.domain.QuizQuestion.Type.NUMERIC;
import static fr.mecaformation.progress.domain.QuizQuestion.Type.ORDERING;
import static fr.mecaformation.progress.domain.QuizQuestion.Type.SINGLE_CHOICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizDraftTest {

    static QuizDraft.QuestionDraft single(QuizDraft.OptionDraft... options) {
        return new QuizDraft.QuestionDraft(SINGLE_CHOICE, "Quel liquide ?", 1, null, List.of(options), null, null, null);
    }

    static QuizDraft draft(QuizDraft.QuestionDraft... questions) {
        return new QuizDraft(70, 3, 600L, List.of(questions));
    }

    static QuizDraft.OptionDraft right(String text) {
        return new QuizDraft.OptionDraft(text, true);
    }

    static QuizDraft.OptionDraft wrong(String text) {
        return new QuizDraft.OptionDraft(text, false);
    }

    @Test
    void a_valid_draft_becomes_a_quiz_with_fresh_ids() {
        Quiz quiz = draft(single(right("DOT 4"), wrong("LHM")),
                new QuizDraft.QuestionDraft(NUMERIC, "Couple ?", 2, "110 ± 5", null, 110.0, 5.0, "N·m"),
                new QuizDraft.QuestionDraft(ORDERING, "Ordre", 3, null, List.of(wrong("a"), new QuizDraft.OptionDraft("b", null)),
                        null, null, null))
                .toQuiz(UUID.randomUUID(), 2, UUID::randomUUID);
        assertThat(quiz.version()).isEqualTo(2);
        assertThat(quiz.maxPoints()).isEqualTo(6);
        assertThat(quiz.cooldown().toMinutes()).isEqualTo(10);
        assertThat(quiz.questions()).extracting(QuizQuestion::id).doesNotHaveDuplicates();
        assertThat(quiz.questions().get(2).options()).noneMatch(QuizQuestion.Option::correct);
    }

    @Test
    void every_broken_rule_is_named() {
        assertInvalid(draft(single(wrong("a"), wrong("b"))), "questions[0].options");
        assertInvalid(draft(single(right("a"), right("b"))), "questions[0].options");
        assertInvalid(draft(new QuizDraft.QuestionDraft(MULTIPLE_CHOICE, "Q", 1, null, List.of(wrong("a"), wrong("b")),
                null, null, null)), "questions[0].options");
        assertInvalid(draft(single(right("seul"))), "questions[0].options");
        assertInvalid(draft(single(right("même"), wrong("Même"))), "questions[0].options[1].text");
        assertInvalid(draft(new QuizDraft.QuestionDraft(NUMERIC, "Couple ?", 1, null, null, 110.0, -1.0, "N·m")),
                "questions[0].tolerance");
        assertInvalid(draft(new QuizDraft.QuestionDraft(NUMERIC, "Couple ?", 1, null, null, Double.NaN, 1.0, "N·m")),
                "questions[0].expected");
        assertInvalid(draft(new QuizDraft.QuestionDraft(ORDERING, "Ordre", 1, null, List.of(wrong("a")), null, null, null)),
                "questions[0].options");
        assertInvalid(draft(new QuizDraft.QuestionDraft(null, "Q", 1, null, null, null, null, null)), "questions[0].type");
        assertInvalid(draft(new QuizDraft.QuestionDraft(SINGLE_CHOICE, "<script>alert(1)</script>", 0, null,
                List.of(right("a"), wrong("b")), null, null, null)), "questions[0].text", "questions[0].points");
        assertInvalid(new QuizDraft(0, 0, -1L, List.of()), "passMarkPercent", "maxAttempts", "cooldownSeconds", "questions");
    }

    private static void assertInvalid(QuizDraft draft, String... fields) {
        assertThatThrownBy(() -> draft.toQuiz(UUID.randomUUID(), 1, UUID::randomUUID))
                .isInstanceOf(DomainException.Invalid.class)
                .satisfies(e -> assertThat(((DomainException.Invalid) e).errors()).extracting(FieldError::field).contains(fields));
    }
}
