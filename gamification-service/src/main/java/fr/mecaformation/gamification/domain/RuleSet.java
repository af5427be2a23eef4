package fr.mecaformation.gamification.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One published version of the rules and the level curve. */
public record RuleSet(int version, Instant publishedAt, LevelCurve levels, List<XpRule> rules) {

    private static final Pattern CODE = Pattern.compile("^[a-z0-9_]{2,60}$");
    public static final int MAX_XP = 10_000;

    public RuleSet {
        rules = List.copyOf(rules);
    }

    public List<XpRule> of(Trigger trigger) {
        return rules.stream().filter(rule -> rule.trigger() == trigger).toList();
    }

    /**
     * Checks a proposed version before anything is written: every problem at once, named by its field, so an admin
     * fixes them in one go. Negative XP is refused (XP is only ever earned; spending goes through rewards).
     */
    public static void validate(List<Integer> thresholds, List<XpRule> rules) {
        List<FieldError> errors = new ArrayList<>();
        if (thresholds == null || thresholds.size() < 2 || thresholds.size() > 100) {
            errors.add(new FieldError("levels", "de 2 à 100 paliers"));
        } else {
            if (thresholds.get(0) == null || thresholds.get(0) != 0) {
                errors.add(new FieldError("levels[0]", "le niveau 1 commence à 0 XP"));
            }
            for (int i = 1; i < thresholds.size(); i++) {
                if (thresholds.get(i) == null || thresholds.get(i - 1) == null || thresholds.get(i) <= thresholds.get(i - 1)) {
                    errors.add(new FieldError("levels[" + i + "]", "doit être strictement supérieur au palier précédent"));
                }
            }
        }
        if (rules == null || rules.isEmpty()) {
            errors.add(new FieldError("rules", "au moins une règle"));
        } else {
            Set<String> codes = new HashSet<>();
            for (int i = 0; i < rules.size(); i++) {
                XpRule rule = rules.get(i);
                String at = "rules[" + i + "]";
                if (rule.code() == null || !CODE.matcher(rule.code()).matches()) {
                    errors.add(new FieldError(at + ".code", "2 à 60 caractères parmi a-z, 0-9 et _"));
                } else if (!codes.add(rule.code())) {
                    errors.add(new FieldError(at + ".code", "déjà utilisé par une autre règle de cette version"));
                }
                if (rule.trigger() == null) {
                    errors.add(new FieldError(at + ".trigger", "obligatoire"));
                }
                if (rule.xp() < 0) {
                    errors.add(new FieldError(at + ".xp", "ne peut pas être négatif"));
                } else if (rule.xp() > MAX_XP) {
                    errors.add(new FieldError(at + ".xp", "au plus " + MAX_XP));
                }
                if (rule.dailyCap() != null && (rule.dailyCap() < 1 || rule.dailyCap() > 1000)) {
                    errors.add(new FieldError(at + ".dailyCap", "de 1 à 1000 attributions par jour"));
                }
                if (rule.minWatchedSeconds() != null && (rule.minWatchedSeconds() < 0 || rule.minWatchedSeconds().isNaN())) {
                    errors.add(new FieldError(at + ".minWatchedSeconds", "ne peut pas être négatif"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Ces règles ne peuvent pas être publiées.", errors);
        }
    }

    public static final class StaleVersion extends DomainException.Conflict {
        public StaleVersion(int basedOn, int current) {
            super("Les règles ont changé : la version " + current + " est en vigueur, votre modification partait de la version "
                    + basedOn + ". Relisez-la avant de publier.");
        }
    }

    public static final class VersionNotFound extends DomainException.NotFound {
        public VersionNotFound(int version) {
            super("Aucune version " + version + " des règles.");
        }
    }
}
