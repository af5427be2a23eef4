package fr.mecaformation.gamification.api;

import fr.mecaformation.gamification.application.Rewards;
import fr.mecaformation.gamification.application.Summaries;
import fr.mecaformation.gamification.application.Learners;
import fr.mecaformation.gamification.domain.Badge;
import fr.mecaformation.gamification.domain.Reward;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.gamification.persistence.RewardRepository;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A learner's own gamification: summary, history, preferences, rewards. Nothing here reaches another learner's data. */
@RestController
@Validated
@RequestMapping(path = "/api/gamification", produces = MediaType.APPLICATION_JSON_VALUE)
public class GamificationController {

    private final Summaries summaries;
    private final Rewards rewards;
    private final Learners learners;

    public GamificationController(Summaries summaries, Rewards rewards, Learners learners) {
        this.summaries = summaries;
        this.rewards = rewards;
        this.learners = learners;
    }

    public record RewardResponse(UUID rewardId, String code, String title, Reward.Kind kind, int costXp, Integer percentOff,
                                 Long amountOffCents, String partner, Integer stock) {
        static RewardResponse of(Reward reward) {
            return new RewardResponse(reward.rewardId(), reward.code(), reward.title(), reward.kind(), reward.costXp(),
                    reward.percentOff(), reward.amountOffCents(), reward.partner(), reward.stock());
        }
    }

    public record RedemptionResponse(UUID redemptionId, RewardResponse reward, long balanceXp, Instant redeemedAt) {
    }

    public record PreferencesRequest(@Size(max = 60) String zone, Boolean hiddenFromLeaderboards) {
    }

    /** The dashboard's summary: XP, level and progress to the next, badges, streak, this period's challenges. */
    @GetMapping("/me")
    @PreAuthorize(Callers.PERSON)
    public Mono<Summaries.Summary> me(JwtAuthenticationToken caller) {
        return summaries.of(Callers.of(caller));
    }

    /** The learner's ledger, latest first: every award with its rule and what caused it. */
    @GetMapping("/me/history")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<LedgerRepository.Award>> history(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                                      JwtAuthenticationToken caller) {
        return summaries.history(Callers.of(caller), limit);
    }

    @PutMapping(path = "/me/preferences", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> preferences(@Valid @RequestBody PreferencesRequest request, JwtAuthenticationToken caller) {
        return learners.setPreferences(Callers.of(caller), request.zone(), request.hiddenFromLeaderboards());
    }

    @GetMapping("/badges")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<Badge>> badges() {
        return summaries.badges();
    }

    /** The published level curve: cumulative XP where each level starts. */
    @GetMapping("/levels")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<Integer>> levels() {
        return summaries.levels().map(curve -> curve.thresholds());
    }

    @GetMapping("/rewards")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<RewardResponse>> catalogue() {
        return rewards.catalogue().map(RewardResponse::of).collectList();
    }

    @PostMapping("/rewards/{rewardId}/redemptions")
    @PreAuthorize(Callers.PERSON)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<RedemptionResponse> redeem(@PathVariable UUID rewardId, JwtAuthenticationToken caller) {
        return rewards.redeem(Callers.of(caller), rewardId).map(redeemed -> new RedemptionResponse(redeemed.redemptionId(),
                RewardResponse.of(redeemed.reward()), redeemed.balanceXp(), redeemed.redeemedAt()));
    }

    @GetMapping("/me/redemptions")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<RewardRepository.Redemption>> redemptions(JwtAuthenticationToken caller) {
        return rewards.mine(Callers.of(caller));
    }
}
