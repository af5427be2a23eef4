package fr.mecaformation.gamification.application;

import fr.mecaformation.gamification.domain.Calendar;
import fr.mecaformation.gamification.persistence.LeaderboardRepository;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Global and per-cohort boards, weekly (the caller's current ISO week) and all-time. Entries carry display names and
 * ranks, never other learners' ids; the caller's own line is marked.
 */
@Service
public class Leaderboards {

    public enum Period { WEEK, ALL_TIME }

    public record Entry(long rank, String displayName, long xp, boolean me) {
    }

    public record Board(String scope, Period period, String week, List<Entry> entries, Long myRank, boolean hidden) {
    }

    private final LeaderboardRepository boards;
    private final LedgerRepository ledger;
    private final Calendar calendar;
    private final Clock clock;

    public Leaderboards(LeaderboardRepository boards, LedgerRepository ledger, Calendar calendar, Clock clock) {
        this.boards = boards;
        this.ledger = ledger;
        this.calendar = calendar;
        this.clock = clock;
    }

    public Mono<Board> top(Caller caller, UUID cohort, Period period, int limit) {
        return board(caller, cohort, period, week -> boards.top(week, cohort, limit));
    }

    public Mono<Board> aroundMe(Caller caller, UUID cohort, Period period, int radius) {
        return board(caller, cohort, period, week -> boards.around(caller.id(), week, cohort, radius));
    }

    private Mono<Board> board(Caller caller, UUID cohort, Period period,
                              java.util.function.Function<String, reactor.core.publisher.Flux<LeaderboardRepository.Row>> rows) {
        Mono<Boolean> allowed = cohort == null || caller.isAdmin() ? Mono.just(true) : boards.mayView(cohort, caller.id());
        return allowed.flatMap(yes -> {
            if (!yes) {
                // not a member nor its trainer: the cohort is not theirs to know of
                return Mono.error(new DomainException.NotFound("Aucune promotion " + cohort + "."));
            }
            return ledger.zoneAt(caller.id(), clock.instant()).map(ZoneId::of).defaultIfEmpty(calendar.defaultZone())
                    .flatMap(zone -> {
                        String week = period == Period.WEEK ? Calendar.weekKey(calendar.dayOf(clock.instant(), zone)) : null;
                        Mono<Boolean> hidden = ledger.find(caller.id()).map(LedgerRepository.LearnerRow::hidden).defaultIfEmpty(false);
                        Mono<Long> myRank = boards.around(caller.id(), week, cohort, 0).next()
                                .map(LeaderboardRepository.Row::rank).map(rank -> (Long) rank).defaultIfEmpty(-1L);
                        return Mono.zip(rows.apply(week).collectList(), myRank, hidden).map(t -> new Board(
                                cohort == null ? "GLOBAL" : "COHORT", period, week,
                                t.getT1().stream().map(row -> new Entry(row.rank(),
                                        row.displayName() == null ? "Apprenant·e" : row.displayName(), row.xp(),
                                        row.learnerId().equals(caller.id()))).toList(),
                                t.getT2() < 0 ? null : t.getT2(), t.getT3()));
                    });
        });
    }
}
