package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The name a client gave its file. It is only ever shown back to the trainer, never used to build a path (stored
 * files are named by id), yet a name that tries to climb directories or hides control characters is refused
 * outright: nothing good sends one.
 */
public final class UploadName {

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_LENGTH = 200;

    private UploadName() {
    }

    public static String check(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_LENGTH || name.contains("/") || name.contains("\\")
                || name.contains("..") || name.startsWith(".") || CONTROL.matcher(name).find()) {
            throw new DomainException.Invalid("Nom de fichier refusé.",
                    List.of(new FieldError("file", "un nom simple de 1 à " + MAX_LENGTH
                            + " caractères, sans « / », « \\ », « .. » ni caractère de contrôle")));
        }
        return name.strip();
    }
}
