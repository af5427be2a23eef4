package fr.mecaformation.gamification.api;

import fr.mecaformation.gamification.application.Leaderboards;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.UUID;

@RestController
@Validated
@RequestMapping(path = "/api/gamification/leaderboards", produces = MediaType.APPLICATION_JSON_VALUE)
public class LeaderboardController {

    private final Leaderboards leaderboards;

    public LeaderboardController(Leaderboards leaderboards) {
        this.leaderboards = leaderboards;
    }

    @GetMapping("/global")
    @PreAuthorize(Callers.PERSON)
    public Mono<Leaderboards.Board> global(@RequestParam(defaultValue = "WEEK") Leaderboards.Period period,
                                           @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
                                           JwtAuthenticationToken caller) {
        return leaderboards.top(Callers.of(caller), null, period, limit);
    }

    @GetMapping("/global/around-me")
    @PreAuthorize(Callers.PERSON)
    public Mono<Leaderboards.Board> globalAroundMe(@RequestParam(defaultValue = "WEEK") Leaderboards.Period period,
                                                   @RequestParam(defaultValue = "5") @Min(0) @Max(50) int radius,
                                                   JwtAuthenticationToken caller) {
        return leaderboards.aroundMe(Callers.of(caller), null, period, radius);
    }

    /** A cohort's board: its members, its trainer and admins; anyone else 404. */
    @GetMapping("/cohorts/{cohortId}")
    @PreAuthorize(Callers.PERSON)
    public Mono<Leaderboards.Board> cohort(@PathVariable UUID cohortId,
                                           @RequestParam(defaultValue = "WEEK") Leaderboards.Period period,
                                           @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
                                           JwtAuthenticationToken caller) {
        return leaderboards.top(Callers.of(caller), cohortId, period, limit);
    }

    @GetMapping("/cohorts/{cohortId}/around-me")
    @PreAuthorize(Callers.PERSON)
    public Mono<Leaderboards.Board> cohortAroundMe(@PathVariable UUID cohortId,
                                                   @RequestParam(defaultValue = "WEEK") Leaderboards.Period period,
                                                   @RequestParam(defaultValue = "5") @Min(0) @Max(50) int radius,
                                                   JwtAuthenticationToken caller) {
        return leaderboards.aroundMe(Callers.of(caller), cohortId, period, radius);
    }
}
