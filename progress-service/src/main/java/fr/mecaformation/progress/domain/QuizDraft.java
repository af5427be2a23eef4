package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A quiz as a trainer writes it. {@link #toQuiz} checks every rule at once and names each faulty field, or gives the
 * quiz with fresh ids for its questions and options.
 *
 * @param cooldownSeconds wait after a failed attempt before the next one
 */
public record QuizDraft(Integer passMarkPercent, Integer maxAttempts, Long cooldownSeconds, List<QuestionDraft> questions) {

    public static final int MAX_QUESTIONS = 100;
    public static final int MAX_OPTIONS = 12;
    public static final int MAX_ATTEMPTS = 20;
    public static final long MAX_COOLDOWN_SECONDS = Duration.ofDays(7).toSeconds();
    public static final double MAX_MAGNITUDE = 1e9;

    /**
     * @param options  choices (with {@code correct}), or for ORDERING the steps in the right order ({@code correct} unused)
     * @param expected NUMERIC only: the right value; {@code tolerance} ≥ 0 around it; {@code unit} shown to learners
     */
    public record QuestionDraft(QuizQuestion.Type type, String text, Integer points, String explanation,
                                List<OptionDraft> options, Double expected, Double tolerance, String unit) {
    }

    public record OptionDraft(String text, Boolean correct) {
    }

    public Quiz toQuiz(UUID lessonId, int version, Supplier<UUID> ids) {
        List<FieldError> errors = new ArrayList<>();
        range(errors, "passMarkPercent", passMarkPercent, 1, 100);
        range(errors, "maxAttempts", maxAttempts, 1, MAX_ATTEMPTS);
        if (cooldownSeconds == null || cooldownSeconds < 0 || cooldownSeconds > MAX_COOLDOWN_SECONDS) {
            errors.add(new FieldError("cooldownSeconds", "entre 0 et " + MAX_COOLDOWN_SECONDS + " secondes (7 jours)"));
        }
        List<QuizQuestion> checked = new ArrayList<>();
        if (questions == null || questions.isEmpty() || questions.size() > MAX_QUESTIONS) {
            errors.add(new FieldError("questions", "entre 1 et " + MAX_QUESTIONS + " questions"));
        } else {
            for (int i = 0; i < questions.size(); i++) {
                QuizQuestion question = question(errors, "questions[" + i + "]", questions.get(i), ids);
                if (question != null) {
                    checked.add(question);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Quiz refusé : " + errors.size() + " point(s) à corriger.", errors);
        }
        return new Quiz(lessonId, version, passMarkPercent, maxAttempts, Duration.ofSeconds(cooldownSeconds), checked);
    }

    private static QuizQuestion question(List<FieldError> errors, String at, QuestionDraft draft, Supplier<UUID> ids) {
        if (draft == null) {
            errors.add(new FieldError(at, "question absente"));
            return null;
        }
        int before = errors.size();
        if (draft.type() == null) {
            errors.add(new FieldError(at + ".type", "SINGLE_CHOICE, MULTIPLE_CHOICE, NUMERIC ou ORDERING"));
        }
        text(errors, at + ".text", draft.text(), 1000, true);
        text(errors, at + ".explanation", draft.explanation(), 2000, false);
        range(errors, at + ".points", draft.points(), 1, 100);
        if (draft.type() == null) {
            return null;
        }
        switch (draft.type()) {
            case SINGLE_CHOICE, MULTIPLE_CHOICE -> {
                options(errors, at, draft.options(), true);
                numberAbsent(errors, at, draft);
                if (draft.options() != null) {
                    long correct = draft.options().stream().filter(o -> o != null && Boolean.TRUE.equals(o.correct())).count();
                    if (draft.type() == QuizQuestion.Type.SINGLE_CHOICE && correct != 1) {
                        errors.add(new FieldError(at + ".options", "une question à choix unique a exactement une bonne réponse"));
                    } else if (draft.type() == QuizQuestion.Type.MULTIPLE_CHOICE && correct < 1) {
                        errors.add(new FieldError(at + ".options", "au moins une bonne réponse est attendue"));
                    }
                }
            }
            case ORDERING -> {
                options(errors, at, draft.options(), false);
                numberAbsent(errors, at, draft);
            }
            case NUMERIC -> {
                if (draft.options() != null && !draft.options().isEmpty()) {
                    errors.add(new FieldError(at + ".options", "pas d'options pour une réponse numérique"));
                }
                if (!finite(draft.expected())) {
                    errors.add(new FieldError(at + ".expected", "un nombre fini, entre -1e9 et 1e9"));
                }
                if (!finite(draft.tolerance()) || draft.tolerance() < 0) {
                    errors.add(new FieldError(at + ".tolerance", "un nombre positif ou nul (0 : valeur exacte)"));
                }
                text(errors, at + ".unit", draft.unit(), 20, false);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        String explanation = blankToNull(draft.explanation());
        String text = draft.text().strip();
        return switch (draft.type()) {
            case SINGLE_CHOICE -> new QuizQuestion.SingleChoice(ids.get(), text, draft.points(), explanation, built(draft, ids));
            case MULTIPLE_CHOICE -> new QuizQuestion.MultipleChoice(ids.get(), text, draft.points(), explanation, built(draft, ids));
            case ORDERING -> new QuizQuestion.Ordering(ids.get(), text, draft.points(), explanation, built(draft, ids));
            case NUMERIC -> new QuizQuestion.Numeric(ids.get(), text, draft.points(), explanation, draft.expected(),
                    draft.tolerance(), blankToNull(draft.unit()));
        };
    }

    private static List<QuizQuestion.Option> built(QuestionDraft draft, Supplier<UUID> ids) {
        boolean choice = draft.type() != QuizQuestion.Type.ORDERING;
        return draft.options().stream()
                .map(o -> new QuizQuestion.Option(ids.get(), o.text().strip(), choice && Boolean.TRUE.equals(o.correct())))
                .toList();
    }

    private static void options(List<FieldError> errors, String at, List<OptionDraft> options, boolean choice) {
        String what = choice ? "choix" : "étapes";
        if (options == null || options.size() < 2 || options.size() > MAX_OPTIONS) {
            errors.add(new FieldError(at + ".options", "entre 2 et " + MAX_OPTIONS + " " + what));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            OptionDraft option = options.get(i);
            String field = at + ".options[" + i + "]";
            if (option == null) {
                errors.add(new FieldError(field, "option absente"));
                continue;
            }
            if (text(errors, field + ".text", option.text(), 500, true)
                    && !seen.add(option.text().strip().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field + ".text", "deux " + what + " ont le même texte"));
            }
        }
    }

    private static void numberAbsent(List<FieldError> errors, String at, QuestionDraft draft) {
        if (draft.expected() != null || draft.tolerance() != null || draft.unit() != null) {
            errors.add(new FieldError(at, "valeur attendue, tolérance et unité sont réservées aux réponses numériques"));
        }
    }

    /** True when present and acceptable (absent optional text is acceptable too, but answers false). */
    private static boolean text(List<FieldError> errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "est obligatoire"));
            }
            return false;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "ne doit pas dépasser " + max + " caractères"));
            return false;
        }
        if (!Jsoup.isValid(value, Safelist.none())) {
            errors.add(new FieldError(field, "ne doit pas contenir de balises HTML"));
            return false;
        }
        return true;
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            errors.add(new FieldError(field, "entre " + min + " et " + max));
        }
    }

    static boolean finite(Double value) {
        return value != null && Double.isFinite(value) && Math.abs(value) <= MAX_MAGNITUDE;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
