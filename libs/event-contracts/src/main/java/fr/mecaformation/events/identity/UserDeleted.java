package fr.mecaformation.events.identity;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A person asked for their account to be erased (GDPR article 17). Every service holding personal data about
 * {@code userId} erases or anonymises it on receipt (see ARCHITECTURE.md, "Contract for consumers of UserDeleted").
 */
@EventContract(type = "fr.mecaformation.identity.user.deleted.v1", topic = UserEvents.TOPIC,
        schema = "schemas/identity/user-deleted.v1.json")
public record UserDeleted(UUID userId, Instant deletedAt) implements DomainEvent {

    @Override
    public String subject() {
        return userId.toString();
    }
}
