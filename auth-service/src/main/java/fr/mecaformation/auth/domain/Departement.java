package fr.mecaformation.auth.domain;

import java.util.regex.Pattern;

/** A French département by its official code: 01–95 (20 split into 2A and 2B), 971–976 overseas. */
public record Departement(String code) {

    private static final Pattern CODE = Pattern.compile("^(0[1-9]|1[0-9]|[3-8][0-9]|9[0-5]|2[1-9]|2A|2B|97[1-6])$");

    public static boolean isValid(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public Departement {
        if (!isValid(code)) {
            throw new IllegalArgumentException("not a département code: " + code);
        }
    }
}
