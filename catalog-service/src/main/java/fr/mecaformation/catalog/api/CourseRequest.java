package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.CourseDetails;
import fr.mecaformation.catalog.domain.Level;
import fr.mecaformation.catalog.domain.Price;
import fr.mecaformation.catalog.domain.Skill;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A course as a trainer writes it. Titles are short labels shown everywhere (lists, certificates, invoices), so
 * they take letters, digits and ordinary punctuation only; descriptions are plain text without markup.
 */
public record CourseRequest(
        @NotBlank(message = "est obligatoire")
        @Size(min = 3, max = 120, message = "doit contenir entre {min} et {max} caractères")
        @Pattern(regexp = "[\\p{L}\\p{N} .,'’\\-:()/&+°%!?]*",
                message = "ne peut contenir que des lettres, des chiffres, des espaces et la ponctuation . , ' - : ( ) / & + ° % ! ?")
        String title,

        @NotBlank(message = "est obligatoire")
        @Size(max = 5000, message = "ne doit pas dépasser {max} caractères")
        @PlainText
        String description,

        @NotNull(message = "est obligatoire")
        Category category,

        @NotNull(message = "est obligatoire")
        Level level,

        @NotNull(message = "est obligatoire")
        @DecimalMin(value = "0.00", message = "ne peut pas être négatif")
        @DecimalMax(value = "10000.00", message = "ne peut pas dépasser 10 000 €")
        @Digits(integer = 5, fraction = 2, message = "doit être un montant en euros avec au plus deux décimales")
        BigDecimal price,

        @NotNull(message = "est obligatoire")
        @Min(value = 1, message = "doit être d'au moins {value} minute")
        @Max(value = 10000, message = "ne doit pas dépasser {value} minutes")
        Integer durationMinutes,

        @Size(max = 500, message = "ne doit pas dépasser {max} caractères")
        String thumbnailUrl,

        @Size(max = 8, message = "au plus {max} compétences")
        Set<@NotNull(message = "ne peut pas être vide") Skill> skills) {

    CourseDetails toDetails() {
        return new CourseDetails(title.strip(), description.strip(), category, level, Price.ofEuros(price),
                durationMinutes, thumbnailUrl, skills);
    }
}
