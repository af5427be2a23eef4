package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Marks an attempt on the server. Partial credit:
 * <ul>
 *   <li>single choice: all the points for the right option, none otherwise;</li>
 *   <li>multiple choice: (right options ticked − wrong options ticked) ÷ right options, never below zero — ticking
 *       everything earns nothing more than the right options cost;</li>
 *   <li>numeric: all the points when {@code |value − expected| ≤ tolerance} (bounds included, compared in decimal so
 *       110 ± 5 accepts 115 exactly), none otherwise;</li>
 *   <li>ordering: the share of pairs of steps given in the right relative order (one step out of place by one loses
 *       a single pair; the reverse order earns nothing).</li>
 * </ul>
 * Points are kept to the hundredth; the score is the percentage of the quiz's points rounded <em>down</em>, and the
 * attempt passes when it reaches the pass mark (69.99 % does not pass a 70 % mark).
 */
public final class QuizScoring {

    private QuizScoring() {
    }

    /** The feedback of one question, given only after the attempt is submitted. */
    public record QuestionFeedback(UUID questionId, QuizQuestion.Type type, boolean correct, double earnedPoints, int points,
                                   List<UUID> expectedChoiceIds, Double expectedValue, Double tolerance, String unit,
                                   List<UUID> expectedOrder, String explanation) {
    }

    public record Scored(double earnedPoints, int maxPoints, int scorePercent, boolean passed, List<QuestionFeedback> feedback) {
    }

    /** Refuses, naming each field, answers that are missing, unknown, duplicated or not of their question's shape. */
    public static Scored score(Quiz quiz, List<GivenAnswer> answers) {
        List<FieldError> errors = new ArrayList<>();
        Map<UUID, GivenAnswer> byQuestion = new HashMap<>();
        if (answers == null || answers.isEmpty()) {
            errors.add(new FieldError("answers", "une réponse par question est attendue"));
        } else if (answers.size() > quiz.questions().size()) {
            errors.add(new FieldError("answers", "plus de réponses que de questions (" + quiz.questions().size() + ")"));
        } else {
            for (int i = 0; i < answers.size(); i++) {
                String at = "answers[" + i + "]";
                GivenAnswer answer = answers.get(i);
                if (answer == null || answer.questionId() == null) {
                    errors.add(new FieldError(at + ".questionId", "est obligatoire"));
                    continue;
                }
                var question = quiz.question(answer.questionId());
                if (question.isEmpty()) {
                    errors.add(new FieldError(at + ".questionId", "question inconnue dans ce quiz"));
                } else if (byQuestion.putIfAbsent(answer.questionId(), answer) != null) {
                    errors.add(new FieldError(at + ".questionId", "question déjà répondue dans cette tentative"));
                } else {
                    shape(errors, at, question.get(), answer);
                }
            }
            for (int n = 0; n < quiz.questions().size(); n++) {
                if (errors.isEmpty() && !byQuestion.containsKey(quiz.questions().get(n).id())) {
                    errors.add(new FieldError("answers", "la réponse à la question n° " + (n + 1) + " manque"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Réponses refusées : rien n'a été enregistré.", errors);
        }
        List<QuestionFeedback> feedback = new ArrayList<>();
        double earned = 0;
        for (QuizQuestion question : quiz.questions()) {
            double share = share(question, byQuestion.get(question.id()));
            double points = Math.round(question.points() * share * 100) / 100.0;
            earned += points;
            feedback.add(feedback(question, share >= 1.0, points));
        }
        earned = Math.round(earned * 100) / 100.0;
        int max = quiz.maxPoints();
        int percent = (int) Math.min(100, Math.floor(earned * 100 / max + 1e-9));
        return new Scored(earned, max, percent, percent >= quiz.passMarkPercent(), feedback);
    }

    private static void shape(List<FieldError> errors, String at, QuizQuestion question, GivenAnswer answer) {
        Set<UUID> known = new HashSet<>();
        question.options().forEach(option -> known.add(option.id()));
        switch (question.type()) {
            case SINGLE_CHOICE -> {
                if (answer.choiceIds() == null || answer.choiceIds().size() != 1 || answer.value() != null || answer.order() != null) {
                    errors.add(new FieldError(at, "une question à choix unique attend exactement un choix dans « choiceIds »"));
                } else {
                    knownIds(errors, at + ".choiceIds", answer.choiceIds(), known);
                }
            }
            case MULTIPLE_CHOICE -> {
                if (answer.choiceIds() == null || answer.value() != null || answer.order() != null) {
                    errors.add(new FieldError(at, "une question à choix multiples attend la liste des choix cochés dans « choiceIds »"));
                } else {
                    knownIds(errors, at + ".choiceIds", answer.choiceIds(), known);
                }
            }
            case NUMERIC -> {
                if (answer.value() == null || answer.choiceIds() != null || answer.order() != null) {
                    errors.add(new FieldError(at, "une question numérique attend un nombre dans « value »"));
                } else if (!QuizDraft.finite(answer.value())) {
                    errors.add(new FieldError(at + ".value", "un nombre fini, entre -1e9 et 1e9"));
                }
            }
            case ORDERING -> {
                if (answer.order() == null || answer.choiceIds() != null || answer.value() != null) {
                    errors.add(new FieldError(at, "une question d'ordre attend toutes les étapes dans « order »"));
                } else if (knownIds(errors, at + ".order", answer.order(), known) && answer.order().size() != known.size()) {
                    errors.add(new FieldError(at + ".order", "chacune des " + known.size() + " étapes, une seule fois"));
                }
            }
        }
    }

    private static boolean knownIds(List<FieldError> errors, String field, List<UUID> ids, Set<UUID> known) {
        Set<UUID> seen = new HashSet<>();
        for (UUID id : ids) {
            if (id == null || !known.contains(id)) {
                errors.add(new FieldError(field, "option inconnue pour cette question"));
                return false;
            }
            if (!seen.add(id)) {
                errors.add(new FieldError(field, "option donnée deux fois"));
                return false;
            }
        }
        return true;
    }

    /** Share of the question's points earned, from 0 to 1. */
    static double share(QuizQuestion question, GivenAnswer answer) {
        if (question instanceof QuizQuestion.Numeric numeric) {
            return within(answer.value(), numeric.expected(), numeric.tolerance()) ? 1 : 0;
        }
        if (question instanceof QuizQuestion.Ordering ordering) {
            Map<UUID, Integer> rank = new HashMap<>();
            for (int i = 0; i < ordering.options().size(); i++) {
                rank.put(ordering.options().get(i).id(), i);
            }
            List<UUID> given = answer.order();
            int pairs = 0;
            int inOrder = 0;
            for (int i = 0; i < given.size(); i++) {
                for (int j = i + 1; j < given.size(); j++) {
                    pairs++;
                    if (rank.get(given.get(i)) < rank.get(given.get(j))) {
                        inOrder++;
                    }
                }
            }
            return (double) inOrder / pairs;
        }
        Set<UUID> ticked = Set.copyOf(answer.choiceIds());
        if (question instanceof QuizQuestion.SingleChoice) {
            return question.options().stream().anyMatch(option -> option.correct() && ticked.contains(option.id())) ? 1 : 0;
        }
        long right = question.options().stream().filter(QuizQuestion.Option::correct).count();
        long rightTicked = question.options().stream().filter(o -> o.correct() && ticked.contains(o.id())).count();
        long wrongTicked = question.options().stream().filter(o -> !o.correct() && ticked.contains(o.id())).count();
        return Math.max(0, (double) (rightTicked - wrongTicked) / right);
    }

    /** In decimal, as the trainer wrote the numbers: 2.6 is within 2.5 ± 0.1 even though binary doubles say otherwise. */
    static boolean within(double value, double expected, double tolerance) {
        return BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(expected)).abs()
                .compareTo(BigDecimal.valueOf(tolerance)) <= 0;
    }

    private static QuestionFeedback feedback(QuizQuestion question, boolean correct, double points) {
        if (question instanceof QuizQuestion.Numeric numeric) {
            return new QuestionFeedback(question.id(), question.type(), correct, points, question.points(), null,
                    numeric.expected(), numeric.tolerance(), numeric.unit(), null, question.explanation());
        }
        if (question instanceof QuizQuestion.Ordering) {
            return new QuestionFeedback(question.id(), question.type(), correct, points, question.points(), null, null, null,
                    null, question.options().stream().map(QuizQuestion.Option::id).toList(), question.explanation());
        }
        return new QuestionFeedback(question.id(), question.type(), correct, points, question.points(),
                question.options().stream().filter(QuizQuestion.Option::correct).map(QuizQuestion.Option::id).toList(),
                null, null, null, null, question.explanation());
    }
}
