package fr.mecaformation.gamification.application;

import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.gamification.domain.Calendar;
import fr.mecaformation.events.identity.LearnerProfileSnapshot;
import fr.mecaformation.gamification.persistence.AchievementRepository;
import fr.mecaformation.gamification.persistence.BadgeCredentialRepository;
import fr.mecaformation.gamification.persistence.LeaderboardRepository;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;

/** Learners' preferences, erasure, cohorts, and the courses' categories. */
@Service
public class Learners {

    private final LedgerRepository ledger;
    private final AchievementRepository achievements;
    private final LeaderboardRepository boards;
    private final BadgeCredentialRepository badgeCredentials;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Learners(LedgerRepository ledger, AchievementRepository achievements, LeaderboardRepository boards,
                    BadgeCredentialRepository badgeCredentials, TransactionalOperator transactional, Clock clock) {
        this.ledger = ledger;
        this.achievements = achievements;
        this.boards = boards;
        this.badgeCredentials = badgeCredentials;
        this.transactional = transactional;
        this.clock = clock;
    }

    /**
     * A new zone applies from now on: activities before it keep the calendar day they had (an offline batch of last
     * week, synced after a move, is read in the zone of last week).
     */
    public Mono<Void> setPreferences(Caller caller, String zone, Boolean hiddenFromLeaderboards) {
        String checked = zone == null ? null : Calendar.parseZone(zone).getId();
        Mono<Void> work = ledger.lock(caller.id())
                .then(checked == null ? Mono.empty() : ledger.zoneAt(caller.id(), clock.instant())
                        .defaultIfEmpty("")
                        .flatMap(current -> current.equals(checked) ? Mono.empty()
                                : ledger.setZone(caller.id(), checked, clock.instant())))
                .then(hiddenFromLeaderboards == null ? Mono.empty() : ledger.setHidden(caller.id(), hiddenFromLeaderboards));
        return transactional.transactional(work);
    }

    /**
     * GDPR erasure: everything about the person goes; redemption counts stay without them; badge credentials lose
     * their holder and our copy, their hash stays in the log (the holder's own copy still verifies). Idempotent.
     */
    public Mono<Void> erase(UserDeleted deleted) {
        return ledger.erase(deleted.userId(), deleted.deletedAt())
                .then(badgeCredentials.erase(deleted.userId(), deleted.deletedAt()));
    }

    public Mono<Void> joinCohort(CohortMemberAdded added) {
        return ledger.isErased(added.learnerId())
                .flatMap(erased -> erased ? Mono.empty() : boards.cohort(added.cohortId(), added.cohortName(), added.trainerId())
                        .then(achievements.joinCohort(added.cohortId(), added.learnerId())));
    }

    /** The display name boards show (never the legal name, never an id); a late event of an erased account is dropped. */
    public Mono<Void> named(LearnerProfileSnapshot profile) {
        return ledger.isErased(profile.userId()).flatMap(erased -> erased || profile.displayName() == null ? Mono.empty()
                : boards.name(profile.userId(), profile.displayName(), profile.revision()));
    }

    public Mono<Void> courseChanged(CourseSnapshot course) {
        return achievements.upsertCourse(course.courseId(), course.category(), course.status(), course.revision());
    }
}
