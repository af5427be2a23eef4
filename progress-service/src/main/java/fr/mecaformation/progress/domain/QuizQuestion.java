package fr.mecaformation.progress.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * One question of a quiz as the server keeps it, with how it is marked. Learners only ever see
 * {@link #shown()}: text, points, unit and options, never which option is right, the expected number, the tolerance,
 * the right order or the explanation.
 */
public sealed interface QuizQuestion {

    enum Type { SINGLE_CHOICE, MULTIPLE_CHOICE, NUMERIC, ORDERING }

    /** A choice (with whether it is right) or, for an ordering question, one step (listed in the right order). */
    record Option(UUID id, String text, boolean correct) {
    }

    UUID id();

    Type type();

    String text();

    int points();

    String explanation();

    /** Choices in the trainer's order, or the steps of an ordering question in the right order; empty for numbers. */
    List<Option> options();

    /** What a learner sees before answering. */
    default ShownQuestion shown() {
        return new ShownQuestion(id(), type(), text(), points(), this instanceof Numeric numeric ? numeric.unit() : null,
                shownOptions().stream().map(option -> new ShownOption(option.id(), option.text())).toList());
    }

    default List<Option> shownOptions() {
        return options();
    }

    record ShownQuestion(UUID id, Type type, String text, int points, String unit, List<ShownOption> options) {
    }

    record ShownOption(UUID id, String text) {
    }

    record SingleChoice(UUID id, String text, int points, String explanation, List<Option> options) implements QuizQuestion {
        public SingleChoice {
            options = List.copyOf(options);
        }

        @Override
        public Type type() {
            return Type.SINGLE_CHOICE;
        }
    }

    record MultipleChoice(UUID id, String text, int points, String explanation, List<Option> options) implements QuizQuestion {
        public MultipleChoice {
            options = List.copyOf(options);
        }

        @Override
        public Type type() {
            return Type.MULTIPLE_CHOICE;
        }
    }

    /** A measured value, e.g. a tightening torque: right when within {@code expected ± tolerance} (bounds included). */
    record Numeric(UUID id, String text, int points, String explanation, double expected, double tolerance, String unit)
            implements QuizQuestion {
        @Override
        public Type type() {
            return Type.NUMERIC;
        }

        @Override
        public List<Option> options() {
            return List.of();
        }
    }

    /** Steps to put in order; {@code options} are in the right order. */
    record Ordering(UUID id, String text, int points, String explanation, List<Option> options) implements QuizQuestion {
        public Ordering {
            options = List.copyOf(options);
        }

        @Override
        public Type type() {
            return Type.ORDERING;
        }

        /**
         * The steps in an order that says nothing of the right one: by their random ids, turned by one step when that
         * happens to be the right order.
         */
        @Override
        public List<Option> shownOptions() {
            List<Option> shuffled = new ArrayList<>(options);
            shuffled.sort(Comparator.comparing(option -> option.id().toString()));
            if (shuffled.equals(options)) {
                shuffled.add(shuffled.remove(0));
            }
            return shuffled;
        }
    }
}
