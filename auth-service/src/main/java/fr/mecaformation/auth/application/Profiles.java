package fr.mecaformation.auth.application;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.domain.ProfileChanges;
import fr.mecaformation.auth.persistence.ProfileRepository;
import fr.mecaformation.events.identity.LearnerProfileSnapshot;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.problem.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** A person's own profile: read it, change it. Only ever the caller's: the id comes from their token. */
@Service
public class Profiles {

    private final ProfileRepository profiles;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Profiles(ProfileRepository profiles, OutboxWriter outbox, TransactionalOperator transactional, Clock clock) {
        this.profiles = profiles;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    /**
     * The caller's profile. Accounts made in Keycloak directly (the demo users, staff) have none until they first
     * save one; until then they see what their token says of them.
     */
    public Mono<LearnerProfile> mine(Caller caller) {
        return profiles.findById(caller.id())
                .switchIfEmpty(Mono.defer(() -> unlessErased(caller).map(this::fromToken)));
    }

    public Mono<LearnerProfile> update(Caller caller, ProfileChanges changes) {
        return profiles.findById(caller.id())
                .flatMap(current -> {
                    LearnerProfile.Revision revision = current.revise(changes, clock.instant());
                    if (!revision.changedAnything()) {
                        return Mono.just(current);
                    }
                    return profiles.update(revision.profile())
                            .switchIfEmpty(Mono.error(() -> new DomainException.Conflict(
                                    "Votre profil vient d'être modifié ailleurs ; rechargez-le puis recommencez.")))
                            .flatMap(saved -> outbox.append(new UserProfileUpdated(snapshot(saved),
                                    revision.changedFields())).thenReturn(saved));
                })
                .switchIfEmpty(unlessErased(caller).flatMap(live -> {
                    LearnerProfile.Revision first = fromToken(live).revise(changes, clock.instant());
                    return profiles.insert(first.profile())
                            .flatMap(saved -> outbox.append(new UserProfileUpdated(snapshot(saved),
                                    first.changedAnything() ? first.changedFields() : List.of("displayName")))
                                    .thenReturn(saved));
                }))
                .as(transactional::transactional);
    }

    /** An erased account's token may still be valid for a few minutes: it must not bring the profile back. */
    private Mono<Caller> unlessErased(Caller caller) {
        return profiles.isErased(caller.id()).flatMap(erased -> erased
                ? Mono.error(new DomainException.NotFound("Ce compte a été supprimé."))
                : Mono.just(caller));
    }

    private LearnerProfile fromToken(Caller caller) {
        if (caller.email() == null) {
            throw new DomainException.NotFound("Ce compte n'a pas de profil d'apprenant.");
        }
        String name = Objects.requireNonNullElse(caller.name(), caller.email());
        // the token's name is Keycloak's first and last name, which only registration or an admin sets
        return LearnerProfile.registered(caller.id(), caller.email(), name, caller.name(), null, clock.instant());
    }

    static LearnerProfileSnapshot snapshot(LearnerProfile profile) {
        return new LearnerProfileSnapshot(profile.userId(), profile.displayName(), profile.legalName(),
                profile.region() == null ? null : profile.region().code(),
                profile.targetQualification() == null ? null : profile.targetQualification().name(),
                profile.specialities().stream().map(Enum::name).sorted().toList(), profile.revision());
    }
}
