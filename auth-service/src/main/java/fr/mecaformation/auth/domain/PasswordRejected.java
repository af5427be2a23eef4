package fr.mecaformation.auth.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.util.List;

/** Keycloak's password policy refused the password; the message names the rule. */
public class PasswordRejected extends DomainException.Invalid {

    public PasswordRejected(String rule) {
        super("Le mot de passe ne respecte pas la politique de sécurité.", List.of(new FieldError("password", rule)));
    }
}
