package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Level;
import fr.mecaformation.catalog.domain.Skill;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One search of the published catalog: the learner's words, the filters, and where the previous page ended.
 *
 * @param words      the text typed, as given (1–100 characters)
 * @param after      the last hit of the previous page, or null for the first page
 */
public record CourseSearch(String words, Category category, Level level, Skill skill, Long maxPriceCents,
                           Integer maxDurationMinutes, Cursor after, int size) {

    private static final int MAX_TERMS = 8;

    /**
     * The words as a PostgreSQL tsquery: every term must match, each as a prefix ("frein" finds "freinage"). Terms
     * are runs of letters and digits only, so nothing typed can change the query's syntax.
     */
    public String tsQuery() {
        String folded = Normalizer.normalize(words, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Arrays.stream(folded.split("[^\\p{L}\\p{N}]+"))
                .filter(term -> !term.isEmpty())
                .limit(MAX_TERMS)
                .map(term -> term.substring(0, Math.min(term.length(), 40)) + ":*")
                .collect(Collectors.joining(" & "));
    }

    public boolean hasTerms() {
        return !tsQuery().isEmpty();
    }

    /** Where a page ended: the last hit's rank and id (ties broken by id), opaque to clients. */
    public record Cursor(float rank, UUID id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((rank + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 2);
                return new Cursor(Float.parseFloat(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new DomainException.Invalid("Le curseur de pagination est invalide ; repartez de la première page.",
                        List.of(new FieldError("cursor", "curseur invalide")));
            }
        }
    }
}
