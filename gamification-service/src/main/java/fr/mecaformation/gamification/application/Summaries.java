package fr.mecaformation.gamification.application;

import fr.mecaformation.gamification.domain.Badge;
import fr.mecaformation.gamification.domain.Calendar;
import fr.mecaformation.gamification.domain.Challenge;
import fr.mecaformation.gamification.domain.LevelCurve;
import fr.mecaformation.gamification.domain.Streaks;
import fr.mecaformation.gamification.persistence.AchievementRepository;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.gamification.persistence.RuleRepository;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A learner's own view: XP, level, badges, streak and the challenges of the current day, week and month. */
@Service
public class Summaries {

    public record Summary(UUID learnerId, long totalXp, long balanceXp, int level, long levelStartsAt, Long nextLevelAt,
                          int progressPercent, List<AchievementRepository.EarnedBadge> badges, Streak streak,
                          List<ChallengeView> challenges) {
    }

    public record Streak(int days, LocalDate lastDay, boolean atRisk, int freezes, String zone, LocalDate today) {
    }

    public record ChallengeView(String code, String title, Calendar.Period period, String periodKey, int target,
                                int progress, boolean completed, Instant completedAt, int xp) {
    }

    private final LedgerRepository ledger;
    private final AchievementRepository achievements;
    private final RuleRepository rules;
    private final Calendar calendar;
    private final Clock clock;

    public Summaries(LedgerRepository ledger, AchievementRepository achievements, RuleRepository rules, Calendar calendar,
                     Clock clock) {
        this.ledger = ledger;
        this.achievements = achievements;
        this.rules = rules;
        this.calendar = calendar;
        this.clock = clock;
    }

    public Mono<Summary> of(Caller caller) {
        UUID learner = caller.id();
        Instant now = clock.instant();
        return ledger.zoneAt(learner, now).map(ZoneId::of).defaultIfEmpty(calendar.defaultZone()).flatMap(zone -> {
            LocalDate today = calendar.dayOf(now, zone);
            Mono<LedgerRepository.LearnerRow> row = ledger.find(learner)
                    .defaultIfEmpty(new LedgerRepository.LearnerRow(learner, 0, 0, 1, false));
            Mono<Streak> streak = Mono.zip(achievements.coveredDays(learner, 1000), achievements.unusedFreezes(learner))
                    .map(t -> {
                        Streaks.Current current = Streaks.current(t.getT1(), today, t.getT2());
                        return new Streak(current.days(), current.lastDay(), current.atRisk(), t.getT2(), zone.getId(), today);
                    });
            Mono<List<ChallengeView>> challenges = achievements.challenges().flatMap(all -> {
                List<String> keys = all.stream().map(c -> Calendar.periodKey(c.period(), today)).distinct().toList();
                return achievements.challengeStates(learner, keys).collectList().map(states -> {
                    Map<String, AchievementRepository.ChallengeState> byKey = states.stream()
                            .collect(Collectors.toMap(s -> s.challenge() + "|" + s.periodKey(), Function.identity()));
                    return all.stream().map(c -> view(c, Calendar.periodKey(c.period(), today), byKey)).toList();
                });
            });
            return Mono.zip(row, rules.active(), achievements.earnedBadges(learner).collectList(), streak, challenges)
                    .map(t -> {
                        LevelCurve curve = t.getT2().levels();
                        long total = t.getT1().totalXp();
                        int level = curve.levelFor(total);
                        return new Summary(learner, total, t.getT1().balance(), level, curve.floorOf(level), curve.nextOf(level),
                                curve.progressPercent(total), t.getT3(), t.getT4(), t.getT5());
                    });
        });
    }

    private static ChallengeView view(Challenge challenge, String key, Map<String, AchievementRepository.ChallengeState> states) {
        AchievementRepository.ChallengeState state = states.get(challenge.code() + "|" + key);
        int progress = state == null ? 0 : Math.min(state.progress(), challenge.target());
        Instant completedAt = state == null ? null : state.completedAt();
        return new ChallengeView(challenge.code(), challenge.title(), challenge.period(), key, challenge.target(), progress,
                completedAt != null, completedAt, challenge.xp());
    }

    public Mono<List<LedgerRepository.Award>> history(Caller caller, int limit) {
        return ledger.history(caller.id(), limit).collectList();
    }

    public Mono<List<Badge>> badges() {
        return achievements.badges();
    }

    public Mono<LevelCurve> levels() {
        return rules.active().map(set -> set.levels());
    }
}
