package fr.mecaformation.gamification.api;

import fr.mecaformation.gamification.application.BadgeCredentials;
import fr.mecaformation.gamification.application.Rewards;
import fr.mecaformation.gamification.application.Rules;
import fr.mecaformation.gamification.domain.BadgeCredential;
import fr.mecaformation.gamification.domain.Reward;
import fr.mecaformation.gamification.domain.RuleSet;
import fr.mecaformation.gamification.domain.Trigger;
import fr.mecaformation.gamification.domain.XpRule;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Admins: the rules as data (read any version, publish the next), the rewards catalogue, the rebuild from the ledger,
 * the revocation of a badge credential.
 */
@RestController
@RequestMapping(path = "/api/gamification/admin", produces = MediaType.APPLICATION_JSON_VALUE)
public class AdminController {

    private final Rules rules;
    private final Rewards rewards;
    private final BadgeCredentials badgeCredentials;

    public AdminController(Rules rules, Rewards rewards, BadgeCredentials badgeCredentials) {
        this.rules = rules;
        this.rewards = rewards;
        this.badgeCredentials = badgeCredentials;
    }

    public record RuleBody(String code, Trigger trigger, int xp, Integer dailyCap, Double minWatchedSeconds) {
    }

    public record RuleSetResponse(int version, Instant publishedAt, List<Integer> levels, List<RuleBody> rules) {
        static RuleSetResponse of(RuleSet set) {
            return new RuleSetResponse(set.version(), set.publishedAt(), set.levels().thresholds(), set.rules().stream()
                    .map(r -> new RuleBody(r.code(), r.trigger(), r.xp(), r.dailyCap(), r.minWatchedSeconds())).toList());
        }
    }

    /** {@code basedOn}: the version the admin edited; publishing fails with 409 if another was published since. */
    public record PublishRequest(@NotNull @Min(1) Integer basedOn, @NotNull @Size(min = 2, max = 100) List<Integer> levels,
                                 @NotNull @Size(min = 1, max = 100) List<RuleBody> rules) {
    }

    public record RewardRequest(@NotBlank @Pattern(regexp = "^[a-z0-9_]{2,60}$") String code,
                                @NotBlank @Size(max = 120) String title, @NotNull Reward.Kind kind,
                                @NotNull @Min(1) @Max(1_000_000) Integer costXp, @Min(1) @Max(100) Integer percentOff,
                                @Min(1) @Max(100_000) Long amountOffCents, @Size(max = 120) String partner,
                                @Min(0) Integer stock) {
    }

    public record RebuildResponse(long learners, long corrected) {
    }

    @GetMapping("/rules")
    @PreAuthorize("hasRole('admin')")
    public Mono<RuleSetResponse> activeRules() {
        return rules.active().map(RuleSetResponse::of);
    }

    @GetMapping("/rules/{version}")
    @PreAuthorize("hasRole('admin')")
    public Mono<RuleSetResponse> rulesVersion(@PathVariable int version) {
        return rules.version(version).map(RuleSetResponse::of);
    }

    @PostMapping(path = "/rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<RuleSetResponse> publish(@Valid @RequestBody PublishRequest request, JwtAuthenticationToken caller) {
        List<XpRule> proposed = request.rules().stream()
                .map(r -> new XpRule(r.code(), r.trigger(), r.xp(), r.dailyCap(), r.minWatchedSeconds())).toList();
        return Mono.defer(() -> rules.publish(Callers.of(caller), request.basedOn(), request.levels(), proposed))
                .map(RuleSetResponse::of);
    }

    @PostMapping(path = "/rewards", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<GamificationController.RewardResponse> createReward(@Valid @RequestBody RewardRequest request) {
        boolean discount = request.kind() == Reward.Kind.DISCOUNT;
        boolean oneAmount = (request.percentOff() == null) != (request.amountOffCents() == null);
        if (discount != oneAmount || (!discount && (request.percentOff() != null || request.amountOffCents() != null))) {
            return Mono.error(new DomainException.Invalid("Une remise a un pourcentage ou un montant, et rien d'autre n'en a.",
                    List.of(new FieldError("percentOff", "un pourcentage ou un montant pour une remise (DISCOUNT), aucun sinon"))));
        }
        Reward reward = new Reward(UUID.randomUUID(), request.code(), request.title(), request.kind(), request.costXp(),
                request.percentOff(), request.amountOffCents(), request.partner(), request.stock(), true);
        return rewards.create(reward).map(GamificationController.RewardResponse::of);
    }

    /** Recomputes every learner's totals and level from the ledger; {@code corrected} is 0 when they were exact. */
    @PostMapping("/rebuild")
    @PreAuthorize("hasRole('admin')")
    public Mono<RebuildResponse> rebuild() {
        return rules.rebuild().map(rebuilt -> new RebuildResponse(rebuilt.learners(), rebuilt.corrected()));
    }

    /** {@code reason} is public (revocation list, verdicts), hence an enumeration, not free text. */
    public record BadgeRevocationRequest(@NotNull(message = "est obligatoire") BadgeCredential.RevocationReason reason) {
    }

    /** Revokes a badge credential: it stays in the log (it was issued), its verdict becomes REVOQUE; twice is a 409. */
    @PostMapping(path = "/badges/credentials/{credentialId}/revocation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    public Mono<BadgeCredentialResponses.CredentialView> revokeBadgeCredential(@PathVariable UUID credentialId,
                                                                               @Valid @RequestBody BadgeRevocationRequest request,
                                                                               JwtAuthenticationToken caller) {
        return badgeCredentials.revoke(Callers.of(caller), credentialId, request.reason())
                .map(revoked -> BadgeCredentialResponses.CredentialView.of(revoked, badgeCredentials.credentialUrl(credentialId)));
    }
}
