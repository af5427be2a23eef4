package fr.mecaformation.events.identity;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.util.List;

@EventContract(type = "fr.mecaformation.identity.user.profile-updated.v1", topic = UserEvents.TOPIC,
        schema = "schemas/identity/user-profile-updated.v1.json")
public record UserProfileUpdated(LearnerProfileSnapshot profile, List<String> changedFields) implements DomainEvent {

    public UserProfileUpdated {
        changedFields = List.copyOf(changedFields);
    }

    @Override
    public String subject() {
        return profile.userId().toString();
    }
}
