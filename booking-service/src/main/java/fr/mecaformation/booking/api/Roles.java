package fr.mecaformation.booking.api;

/** {@code @PreAuthorize} rules of this service, decided before any body is read (HandlerRoleCheck). */
final class Roles {

    static final String TRAINER_OR_ADMIN = "hasAnyRole('trainer', 'admin')";
    static final String ADMIN = "hasRole('admin')";

    private Roles() {
    }
}
