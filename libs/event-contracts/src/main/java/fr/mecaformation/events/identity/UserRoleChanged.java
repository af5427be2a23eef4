package fr.mecaformation.events.identity;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An admin gave or took a platform role; {@code roles} is the user's set of platform roles afterwards. */
@EventContract(type = "fr.mecaformation.identity.user.role-changed.v1", topic = UserEvents.TOPIC,
        schema = "schemas/identity/user-role-changed.v1.json")
public record UserRoleChanged(UUID userId, String role, boolean granted, List<String> roles, UUID changedBy,
                              Instant changedAt) implements DomainEvent {

    public UserRoleChanged {
        roles = List.copyOf(roles);
    }

    @Override
    public String subject() {
        return userId.toString();
    }
}
