package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizScoringTest {

    static final QuizQuestion.Option PADS = option("Plaquettes", true);
    static final QuizQuestion.Option DISCS = option("Disques", true);
    static final QuizQuestion.Option WIPERS = option("Essuie-glaces", false);
    static final QuizQuestion.Option RADIO = option("Autoradio", false);

    static final QuizQuestion.SingleChoice SINGLE = new QuizQuestion.SingleChoice(UUID.randomUUID(),
            "Quel liquide pour ce circuit ?", 2, "DOT 4", List.of(option("DOT 4", true), option("LHM", false)));
    static final QuizQuestion.MultipleChoice MULTIPLE = new QuizQuestion.MultipleChoice(UUID.randomUUID(),
            "Pièces d'usure du freinage ?", 4, "Plaquettes et disques", List.of(PADS, DISCS, WIPERS, RADIO));
    static final QuizQuestion.Numeric TORQUE = new QuizQuestion.Numeric(UUID.randomUUID(),
            "Couple de serrage des roues ?", 2, "110 N·m ± 5", 110, 5, "N·m");
    static final QuizQuestion.Numeric GAP = new QuizQuestion.Numeric(UUID.randomUUID(), "Jeu ?", 1, null, 2.5, 0.1, "mm");
    static final List<QuizQuestion.Option> STEPS = List.of(option("Desserrer", false), option("Lever", false),
            option("Déposer", false), option("Nettoyer", false));
    static final QuizQuestion.Ordering ORDER = new QuizQuestion.Ordering(UUID.randomUUID(), "Dans l'ordre :", 6, null, STEPS);

    static Quiz quiz(int passMark, QuizQuestion... questions) {
        return new Quiz(UUID.randomUUID(), 1, passMark, 3, Duration.ofMinutes(10), List.of(questions));
    }

    static QuizQuestion.Option option(String text, boolean correct) {
        return new QuizQuestion.Option(UUID.randomUUID(), text, correct);
    }

    static GivenAnswer choose(QuizQuestion question, QuizQuestion.Option... options) {
        return new GivenAnswer(question.id(), java.util.Arrays.stream(options).map(QuizQuestion.Option::id).toList(), null, null);
    }

    static GivenAnswer number(QuizQuestion question, double value) {
        return new GivenAnswer(question.id(), null, value, null);
    }

    static GivenAnswer order(QuizQuestion question, int... positions) {
        return new GivenAnswer(question.id(), null, null,
                java.util.Arrays.stream(positions).mapToObj(i -> question.options().get(i).id()).toList());
    }

    @Test
    void single_choice_earns_all_or_nothing() {
        assertThat(QuizScoring.score(quiz(50, SINGLE), List.of(choose(SINGLE, SINGLE.options().get(0)))).earnedPoints()).isEqualTo(2);
        QuizScoring.Scored wrong = QuizScoring.score(quiz(50, SINGLE), List.of(choose(SINGLE, SINGLE.options().get(1))));
        assertThat(wrong.earnedPoints()).isZero();
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.feedback().get(0).expectedChoiceIds()).containsExactly(SINGLE.options().get(0).id());
        assertThat(wrong.feedback().get(0).explanation()).isEqualTo("DOT 4");
    }

    @Test
    void multiple_choice_takes_off_a_wrong_tick_for_each_right_one_and_never_goes_below_zero() {
        Quiz quiz = quiz(50, MULTIPLE);
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE, PADS, DISCS))).earnedPoints()).isEqualTo(4);
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE, PADS))).earnedPoints()).isEqualTo(2);
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE, PADS, DISCS, WIPERS))).earnedPoints()).isEqualTo(2);
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE, PADS, DISCS, WIPERS, RADIO))).earnedPoints()).isZero();
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE, WIPERS, RADIO))).earnedPoints()).isZero();
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE))).earnedPoints()).isZero();
        assertThat(QuizScoring.score(quiz, List.of(choose(MULTIPLE, PADS))).feedback().get(0).correct()).isFalse();
    }

    @Test
    void a_number_is_right_within_the_tolerance_bounds_included() {
        Quiz quiz = quiz(100, TORQUE);
        for (double right : new double[] {110, 105, 115, 112.5, 105.0000}) {
            assertThat(QuizScoring.score(quiz, List.of(number(TORQUE, right))).passed()).as("%s N·m", right).isTrue();
        }
        for (double wrong : new double[] {104.99, 115.01, -110, 0}) {
            assertThat(QuizScoring.score(quiz, List.of(number(TORQUE, wrong))).passed()).as("%s N·m", wrong).isFalse();
        }
        // 2.6 − 2.5 is 0.10000000000000009 in binary: decimal comparison keeps the trainer's bound
        assertThat(QuizScoring.score(quiz(100, GAP), List.of(number(GAP, 2.6))).passed()).isTrue();
        assertThat(QuizScoring.score(quiz(100, GAP), List.of(number(GAP, 2.4))).passed()).isTrue();
        assertThat(QuizScoring.score(quiz(100, GAP), List.of(number(GAP, 2.61))).passed()).isFalse();
        QuizScoring.QuestionFeedback feedback = QuizScoring.score(quiz, List.of(number(TORQUE, 0))).feedback().get(0);
        assertThat(feedback.expectedValue()).isEqualTo(110);
        assertThat(feedback.tolerance()).isEqualTo(5);
        assertThat(feedback.unit()).isEqualTo("N·m");
    }

    @Test
    void ordering_earns_the_share_of_pairs_in_the_right_order() {
        Quiz quiz = quiz(50, ORDER);
        assertThat(QuizScoring.score(quiz, List.of(order(ORDER, 0, 1, 2, 3))).earnedPoints()).isEqualTo(6);
        // one swap of neighbours: 5 of the 6 pairs still in order
        assertThat(QuizScoring.score(quiz, List.of(order(ORDER, 1, 0, 2, 3))).earnedPoints()).isEqualTo(5);
        assertThat(QuizScoring.score(quiz, List.of(order(ORDER, 3, 2, 1, 0))).earnedPoints()).isZero();
        assertThat(QuizScoring.score(quiz, List.of(order(ORDER, 1, 0, 2, 3))).feedback().get(0).expectedOrder())
                .containsExactlyElementsOf(STEPS.stream().map(QuizQuestion.Option::id).toList());
    }

    @Test
    void the_score_is_rounded_down_so_a_near_miss_does_not_pass() {
        // 2 of 3 points = 66.67 %: 66, below a 67 % mark
        QuizQuestion.MultipleChoice three = new QuizQuestion.MultipleChoice(UUID.randomUUID(), "Trois", 3, null,
                List.of(PADS, DISCS, option("Étriers", true), WIPERS));
        QuizScoring.Scored scored = QuizScoring.score(quiz(67, three), List.of(choose(three, PADS, DISCS)));
        assertThat(scored.scorePercent()).isEqualTo(66);
        assertThat(scored.passed()).isFalse();
        assertThat(QuizScoring.score(quiz(66, three), List.of(choose(three, PADS, DISCS))).passed()).isTrue();
    }

    @Test
    void a_whole_quiz_adds_up_its_questions() {
        Quiz quiz = quiz(70, SINGLE, MULTIPLE, TORQUE, ORDER);
        QuizScoring.Scored scored = QuizScoring.score(quiz, List.of(choose(SINGLE, SINGLE.options().get(0)),
                choose(MULTIPLE, PADS), number(TORQUE, 113), order(ORDER, 1, 0, 2, 3)));
        assertThat(scored.maxPoints()).isEqualTo(14);
        assertThat(scored.earnedPoints()).isEqualTo(2 + 2 + 2 + 5);
        assertThat(scored.scorePercent()).isEqualTo(78);
        assertThat(scored.passed()).isTrue();
    }

    @Test
    void missing_unknown_duplicated_or_misshapen_answers_are_refused_field_by_field() {
        Quiz quiz = quiz(50, SINGLE, TORQUE, ORDER);
        GivenAnswer single = choose(SINGLE, SINGLE.options().get(0));
        GivenAnswer torque = number(TORQUE, 110);
        GivenAnswer steps = order(ORDER, 0, 1, 2, 3);
        assertRefused(quiz, List.of(single, torque), "answers");
        assertRefused(quiz, List.of(), "answers");
        assertRefused(quiz, null, "answers");
        assertRefused(quiz, List.of(single, torque, new GivenAnswer(UUID.randomUUID(), null, 1.0, null)), "answers[2].questionId");
        assertRefused(quiz(50, SINGLE, TORQUE), List.of(single, single), "answers[1].questionId");
        assertRefused(quiz, List.of(choose(SINGLE, SINGLE.options().toArray(QuizQuestion.Option[]::new)), torque, steps), "answers[0]");
        assertRefused(quiz, List.of(choose(SINGLE, PADS), torque, steps), "answers[0].choiceIds");
        assertRefused(quiz, List.of(single, new GivenAnswer(TORQUE.id(), List.of(), null, null), steps), "answers[1]");
        assertRefused(quiz, List.of(single, number(TORQUE, Double.NaN), steps), "answers[1].value");
        assertRefused(quiz, List.of(single, number(TORQUE, Double.POSITIVE_INFINITY), steps), "answers[1].value");
        assertRefused(quiz, List.of(single, number(TORQUE, 1e300), steps), "answers[1].value");
        assertRefused(quiz, List.of(single, torque, order(ORDER, 0, 1, 2)), "answers[2].order");
        assertRefused(quiz, List.of(single, torque, order(ORDER, 0, 1, 2, 2)), "answers[2].order");
    }

    @Test
    void the_same_answers_in_another_order_have_the_same_fingerprint_and_other_answers_another() {
        GivenAnswer a = choose(MULTIPLE, PADS, DISCS);
        GivenAnswer aSwapped = choose(MULTIPLE, DISCS, PADS);
        GivenAnswer b = number(TORQUE, 110);
        assertThat(GivenAnswer.fingerprint(List.of(a, b))).isEqualTo(GivenAnswer.fingerprint(List.of(b, aSwapped)));
        assertThat(GivenAnswer.fingerprint(List.of(a, b))).isNotEqualTo(GivenAnswer.fingerprint(List.of(a, number(TORQUE, 111))));
        assertThat(GivenAnswer.fingerprint(List.of(order(ORDER, 0, 1, 2, 3))))
                .isNotEqualTo(GivenAnswer.fingerprint(List.of(order(ORDER, 1, 0, 2, 3))));
    }

    @Test
    void learners_are_shown_no_answer_and_ordering_steps_never_in_the_right_order() {
        QuizQuestion.Ordering two = new QuizQuestion.Ordering(UUID.randomUUID(), "Deux", 1, "secret",
                List.of(option("Premier", false), option("Second", false)));
        for (int i = 0; i < 20; i++) {
            QuizQuestion.Ordering reshuffled = new QuizQuestion.Ordering(two.id(), "Deux", 1, "secret",
                    List.of(option("Premier", false), option("Second", false)));
            assertThat(reshuffled.shown().options()).extracting(QuizQuestion.ShownOption::text).containsExactly("Second", "Premier");
        }
        assertThat(TORQUE.shown().unit()).isEqualTo("N·m");
        assertThat(TORQUE.shown().toString()).doesNotContain("± 5", "expected", "tolerance");
    }

    private static void assertRefused(Quiz quiz, List<GivenAnswer> answers, String field) {
        assertThatThrownBy(() -> QuizScoring.score(quiz, answers))
                .isInstanceOf(DomainException.Invalid.class)
                .satisfies(e -> assertThat(((DomainException.Invalid) e).errors()).extracting(FieldError::field).contains(field));
    }
}
