package fr.mecaformation.events.identity;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.List;

@EventContract(type = "fr.mecaformation.identity.user.registered.v1", topic = UserEvents.TOPIC,
        schema = "schemas/identity/user-registered.v1.json")
public record UserRegistered(LearnerProfileSnapshot profile, List<String> roles, Instant registeredAt)
        implements DomainEvent {

    public UserRegistered {
        roles = List.copyOf(roles);
    }

    @Override
    public String subject() {
        return profile.userId().toString();
    }
}
