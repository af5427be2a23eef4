package fr.mecaformation.gamification.application;

import fr.mecaformation.events.gamification.BadgeEarned;
import fr.mecaformation.events.gamification.ChallengeCompleted;
import fr.mecaformation.events.gamification.LevelReached;
import fr.mecaformation.events.gamification.StreakExtended;
import fr.mecaformation.events.gamification.XpAwarded;
import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.events.progress.QuizSubmitted;
import fr.mecaformation.gamification.domain.Badge;
import fr.mecaformation.gamification.domain.Calendar;
import fr.mecaformation.gamification.domain.Challenge;
import fr.mecaformation.gamification.domain.LevelCurve;
import fr.mecaformation.gamification.domain.RuleSet;
import fr.mecaformation.gamification.domain.Streaks;
import fr.mecaformation.gamification.domain.Trigger;
import fr.mecaformation.gamification.domain.XpRule;
import fr.mecaformation.gamification.persistence.AchievementRepository;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.gamification.persistence.RuleRepository;
import fr.mecaformation.platform.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns what learners did (progress-service's events) into XP, streaks, challenges and badges. Each effect runs in
 * its event's inbox transaction with the learner's row locked, so one learner's awards are decided one at a time;
 * every award goes through the ledger's unique key (learner, source, rule), so nothing is ever awarded twice, however
 * often or in whatever order the events come.
 */
@Service
public class Awards {

    /** What happened, when, and on which calendar day of the learner (in the zone they had then). */
    record Activity(UUID learnerId, Instant at, ZoneId zone, LocalDate day, RuleSet rules) {
        LevelCurve curve() {
            return rules.levels();
        }
    }

    private static final int MAX_FREEZES_EARNED = 2;

    private final LedgerRepository ledger;
    private final AchievementRepository achievements;
    private final RuleRepository rules;
    private final OutboxWriter outbox;
    private final Calendar calendar;
    private final Clock clock;
    private final TransactionalOperator transactional;
    private final MeterRegistry meters;
    private final BadgeCredentials badgeCredentials;

    public Awards(LedgerRepository ledger, AchievementRepository achievements, RuleRepository rules, OutboxWriter outbox,
                  Calendar calendar, Clock clock, TransactionalOperator transactional, MeterRegistry meters,
                  BadgeCredentials badgeCredentials) {
        this.badgeCredentials = badgeCredentials;
        this.ledger = ledger;
        this.achievements = achievements;
        this.rules = rules;
        this.outbox = outbox;
        this.calendar = calendar;
        this.clock = clock;
        this.transactional = transactional;
        this.meters = meters;
    }

    /**
     * A lesson earns once (the first completion of it), and only when progress-service judged it watched: a video
     * completion without watched seconds earns no XP, no streak day and no challenge step.
     */
    public Mono<Void> lessonCompleted(LessonCompleted event) {
        boolean watched = !"VIDEO".equals(event.kind()) || (event.watchedSeconds() != null && event.watchedSeconds() > 0);
        return within(event.learnerId(), event.completedAt(), activity -> achievements
                .completeLesson(event.learnerId(), event.lessonId(), event.courseId(), event.completedAt(), watched)
                .flatMap(first -> {
                    if (!first) {
                        return Mono.empty();
                    }
                    if (!watched) {
                        meters.counter("meca.gamification.unwatched", "kind", event.kind()).increment();
                        return Mono.empty();
                    }
                    String source = "lesson-completed:" + event.lessonId();
                    return applyRules(activity, Trigger.LESSON_COMPLETED, source,
                                    rule -> rule.watchedEnough(event.kind(), event.watchedSeconds()))
                            .then(extendStreak(activity))
                            .then(advanceChallenges(activity, Challenge.Metric.LESSONS))
                            .then(checkBadges(activity, EnumSet.of(Badge.Criterion.LESSONS_COMPLETED), 0));
                }));
    }

    /** A passed quiz earns once per quiz (lesson), whatever the number of attempts; a perfect score once more. */
    public Mono<Void> quizSubmitted(QuizSubmitted event) {
        if (!event.passed()) {
            return Mono.empty();
        }
        return within(event.learnerId(), event.submittedAt(), activity -> {
            Mono<Void> passed = applyRules(activity, Trigger.QUIZ_PASSED, "quiz-passed:" + event.lessonId(), rule -> true);
            if (event.scorePercent() < 100) {
                return passed;
            }
            return passed.then(applyRules(activity, Trigger.QUIZ_PERFECT, "quiz-perfect:" + event.lessonId(), rule -> true))
                    .then(checkBadges(activity, EnumSet.of(Badge.Criterion.PERFECT_QUIZ), 0));
        });
    }

    public Mono<Void> courseCompleted(CourseCompleted event) {
        return within(event.learnerId(), event.completedAt(), activity -> achievements
                .completeCourse(event.learnerId(), event.courseId(), event.completedAt())
                .flatMap(first -> !first ? Mono.<Void>empty()
                        : applyRules(activity, Trigger.COURSE_COMPLETED, "course-completed:" + event.courseId(), rule -> true)
                        .then(advanceChallenges(activity, Challenge.Metric.COURSES))
                        .then(checkBadges(activity, EnumSet.of(Badge.Criterion.COURSES_COMPLETED,
                                Badge.Criterion.ALL_COURSES_OF_CATEGORY), 0))));
    }

    /** One certificate per learner and course: keyed by the course, so a revoked and reissued one earns once. */
    public Mono<Void> certificateIssued(CertificateIssued event) {
        return within(event.learnerId(), event.issuedAt(), activity ->
                applyRules(activity, Trigger.CERTIFICATE_ISSUED, "certificate-issued:" + event.courseId(), rule -> true));
    }

    private Mono<Void> within(UUID learnerId, Instant at, Function<Activity, Mono<Void>> effect) {
        Mono<Void> work = ledger.isErased(learnerId).flatMap(erased -> erased ? Mono.<Void>empty()
                : ledger.lock(learnerId)
                .then(ledger.zoneAt(learnerId, at).map(ZoneId::of).defaultIfEmpty(calendar.defaultZone()))
                .zipWith(rules.active())
                .flatMap(zoneAndRules -> effect.apply(new Activity(learnerId, at, zoneAndRules.getT1(),
                        calendar.dayOf(at, zoneAndRules.getT1()), zoneAndRules.getT2()))));
        return transactional.transactional(work);
    }

    private Mono<Void> applyRules(Activity activity, Trigger trigger, String source,
                                  java.util.function.Predicate<XpRule> applies) {
        return Flux.fromIterable(activity.rules().of(trigger))
                .filter(applies)
                .concatMap(rule -> award(activity, rule.code(), activity.rules().version(), source, rule.xp(), rule.dailyCap()))
                .then();
    }

    /**
     * One ledger row. Over the rule's daily cap (awards on the learner's local day) the row is kept with 0 XP, so the
     * history explains it and a replay decides the same. Credits the total, and announces levels crossed.
     *
     * @return true when the row is new
     */
    private Mono<Boolean> award(Activity activity, String rule, Integer ruleVersion, String source, int xp, Integer dailyCap) {
        Mono<Boolean> capped = dailyCap == null ? Mono.just(false)
                : ledger.awardsOfDay(activity.learnerId(), rule, activity.day()).map(count -> count >= dailyCap);
        Instant now = clock.instant();
        return capped.flatMap(isCapped -> ledger.insert(new LedgerRepository.NewAward(activity.learnerId(), rule, ruleVersion,
                                source, isCapped ? 0 : xp, isCapped, activity.at(), activity.day(), Calendar.weekKey(activity.day()), now))
                        .flatMap(awardId -> isCapped || xp == 0 ? Mono.just(true)
                                : ledger.credit(activity.learnerId(), xp, Calendar.weekKey(activity.day())).flatMap(credited -> {
                            int level = activity.curve().levelFor(credited.totalXp());
                            Mono<Void> levels = level <= credited.level() ? Mono.empty()
                                    : ledger.setLevel(activity.learnerId(), level)
                                    .thenMany(Flux.range(credited.level() + 1, level - credited.level())
                                            .concatMap(reached -> outbox.append(new LevelReached(activity.learnerId(), reached,
                                                    credited.totalXp(), now))))
                                    .then();
                            return outbox.append(new XpAwarded(awardId, activity.learnerId(), rule,
                                            ruleVersion == null ? activity.rules().version() : ruleVersion, source, xp,
                                            credited.totalXp(), level, now))
                                    .then(levels).thenReturn(true);
                        }))
                        .defaultIfEmpty(false));
    }

    // --- streaks ---

    /**
     * Marks the activity's local day. A day that a freeze had covered is given its freeze back (an offline batch
     * synced late proved it active); a gap before the day is bridged by the learner's unused freezes when they cover
     * it all. The streak is then recomputed from the days themselves, whatever order they arrived in.
     */
    private Mono<Void> extendStreak(Activity activity) {
        UUID learner = activity.learnerId();
        return achievements.activeOn(learner, activity.day(), activity.zone().getId(), activity.at())
                .flatMap(newDay -> !newDay ? Mono.<Void>empty() : achievements.releaseFreezeOn(learner, activity.day())
                        .then(Mono.zip(achievements.coveredDays(learner, 1000), achievements.unusedFreezes(learner)))
                        .flatMap(daysAndFreezes -> {
                            TreeSet<LocalDate> covered = new TreeSet<>(daysAndFreezes.getT1());
                            List<LocalDate> gap = Streaks.gapToBridge(covered.lower(activity.day()), activity.day(),
                                    daysAndFreezes.getT2());
                            covered.addAll(gap);
                            LocalDate latest = covered.last();
                            int run = Streaks.runEndingAt(covered, latest);
                            boolean extended = !activity.day().isBefore(latest.minusDays(run - 1L));
                            Mono<Void> effects = !extended ? Mono.empty()
                                    : outbox.append(new StreakExtended(learner, run, latest, activity.zone().getId(), clock.instant()))
                                    .then(earnFreeze(learner, latest, run, daysAndFreezes.getT2() - gap.size()))
                                    .then(checkBadges(activity, EnumSet.of(Badge.Criterion.STREAK_DAYS), run));
                            return achievements.useFreezesOn(learner, gap).then(effects);
                        }));
    }

    /** Every 7 days of a streak earn a freeze, up to {@value #MAX_FREEZES_EARNED} in reserve. */
    private Mono<Void> earnFreeze(UUID learner, LocalDate latest, int run, int unused) {
        if (run < 7 || run % 7 != 0 || unused >= MAX_FREEZES_EARNED) {
            return Mono.empty();
        }
        String key = "streak:" + latest.minusDays(run - 1L) + ":" + run;
        return achievements.grantFreeze(learner, key, clock.instant()).then();
    }

    // --- challenges ---

    private Mono<Void> advanceChallenges(Activity activity, Challenge.Metric metric) {
        return achievements.challenges().flatMapMany(Flux::fromIterable)
                .filter(challenge -> challenge.metric() == metric)
                .concatMap(challenge -> {
                    String period = Calendar.periodKey(challenge.period(), activity.day());
                    return achievements.advance(activity.learnerId(), challenge, period, clock.instant())
                            .flatMap(completed -> !completed ? Mono.<Void>empty()
                                    : award(activity, "challenge:" + challenge.code(), null,
                                    "challenge:" + challenge.code() + ":" + period, challenge.xp(), null)
                                    .then(outbox.append(new ChallengeCompleted(activity.learnerId(), challenge.code(), period,
                                            challenge.xp(), clock.instant()))));
                })
                .then();
    }

    // --- badges ---

    private Mono<Void> checkBadges(Activity activity, Set<Badge.Criterion> criteria, int streakDays) {
        UUID learner = activity.learnerId();
        return achievements.badges().flatMapMany(Flux::fromIterable)
                .filter(badge -> criteria.contains(badge.criterion()))
                .concatMap(badge -> {
                    Instant earnedAt = clock.instant();
                    return satisfied(learner, badge, streakDays)
                            .filter(Boolean::booleanValue)
                            .flatMap(yes -> achievements.earn(learner, badge.code(), earnedAt))
                            .filter(Boolean::booleanValue)
                            .flatMap(first -> award(activity, "badge:" + badge.code(), null, "badge:" + badge.code(), badge.xp(), null)
                                    .then(outbox.append(new BadgeEarned(learner, badge.code(), badge.title(), badge.xp(),
                                            earnedAt)))
                                    // in the same transaction: a badge is never earned without its credential
                                    .then(badgeCredentials.issue(learner, badge, earnedAt)));
                })
                .then();
    }

    private Mono<Boolean> satisfied(UUID learner, Badge badge, int streakDays) {
        return switch (badge.criterion()) {
            case COURSES_COMPLETED -> achievements.completedCourses(learner).map(count -> count >= badge.threshold());
            case LESSONS_COMPLETED -> achievements.qualifiedLessons(learner).map(count -> count >= badge.threshold());
            case STREAK_DAYS -> Mono.just(streakDays >= badge.threshold());
            // checked only when a quiz was just passed with 100 %
            case PERFECT_QUIZ -> Mono.just(true);
            case ALL_COURSES_OF_CATEGORY -> achievements.completedWholeCategory(learner, badge.category());
        };
    }
}
