package fr.mecaformation.web.problem;

import org.springframework.http.HttpStatus;

/** The problems every component answers with, so the same failure reads the same everywhere. */
public final class Problems {

    private Problems() {
    }

    public static Problem badRequest(String detail) {
        return Problem.of(HttpStatus.BAD_REQUEST, "requete-invalide", "Requête invalide", detail);
    }

    public static Problem unreadableBody(String detail) {
        return Problem.of(HttpStatus.BAD_REQUEST, "corps-illisible", "Corps de requête illisible", detail);
    }

    public static Problem unauthorized() {
        return Problem.of(HttpStatus.UNAUTHORIZED, "authentification-requise", "Authentification requise",
                "Un jeton d'accès valide est nécessaire pour cette opération.");
    }

    public static Problem forbidden() {
        return Problem.of(HttpStatus.FORBIDDEN, "acces-refuse", "Accès refusé",
                "Vos droits ne permettent pas cette opération.");
    }

    public static Problem notFound(String detail) {
        return Problem.of(HttpStatus.NOT_FOUND, "ressource-introuvable", "Ressource introuvable", detail);
    }

    public static Problem methodNotAllowed() {
        return Problem.of(HttpStatus.METHOD_NOT_ALLOWED, "methode-non-autorisee", "Méthode non autorisée",
                "Cette méthode HTTP n'est pas acceptée sur cette ressource.");
    }

    public static Problem notAcceptable() {
        return Problem.of(HttpStatus.NOT_ACCEPTABLE, "format-non-disponible", "Format de réponse non disponible",
                "Cette ressource ne peut pas être servie dans le format demandé.");
    }

    public static Problem conflict(String detail) {
        return Problem.of(HttpStatus.CONFLICT, "conflit", "Conflit", detail);
    }

    public static Problem payloadTooLarge(long limitBytes) {
        return payloadTooLarge(limitBytes, "Le corps de la requête dépasse la taille autorisée.");
    }

    public static Problem payloadTooLarge(long limitBytes, String detail) {
        return Problem.of(HttpStatus.CONTENT_TOO_LARGE, "requete-trop-volumineuse", "Requête trop volumineuse", detail)
                .with("limitBytes", limitBytes);
    }

    public static Problem unsupportedMediaType(String detail) {
        return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "type-de-contenu-non-pris-en-charge",
                "Type de contenu non pris en charge", detail);
    }

    public static Problem tooManyRequests(long retryAfterSeconds) {
        return Problem.of(HttpStatus.TOO_MANY_REQUESTS, "trop-de-requetes", "Trop de requêtes",
                        "Vous avez envoyé trop de requêtes. Réessayez dans " + retryAfterSeconds + " s.")
                .with("retryAfterSeconds", retryAfterSeconds);
    }

    public static Problem serviceUnavailable(String service) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "service-indisponible", "Service indisponible",
                        "Le service « " + service + " » ne répond pas pour le moment. Réessayez dans quelques instants.")
                .with("service", service);
    }

    /** 502: the dependency answered but refused our request; unlike 503, waiting and retrying will not help. */
    public static Problem refusedByDependency(String service, String detail) {
        return Problem.of(HttpStatus.BAD_GATEWAY, "refus-d-un-service-tiers", "Demande refusée par un service tiers",
                        detail + " L'erreur est enregistrée ; réessayer ne la corrigera pas.")
                .with("service", service);
    }

    public static Problem internalError() {
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "erreur-interne", "Erreur interne",
                "Une erreur inattendue s'est produite. Elle a été enregistrée ; réessayez plus tard.");
    }
}
