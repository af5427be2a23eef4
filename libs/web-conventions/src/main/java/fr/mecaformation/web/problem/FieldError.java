package fr.mecaformation.web.problem;

/** One rejected field of a request body, as listed in a validation problem's {@code errors} member. */
public record FieldError(String field, String message) {
}
