package fr.mecaformation.auth.domain;

import fr.mecaformation.web.problem.DomainException;

public class EmailAlreadyRegistered extends DomainException.Conflict {

    public EmailAlreadyRegistered() {
        super("Un compte existe déjà avec cette adresse e-mail. Connectez-vous ou réinitialisez votre mot de passe.");
    }
}
