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
import java.util.ArrayList;
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
        return board(caller, cohort, period, (key, line, myRank) -> boards.top(key, cohort, limit).collectList()
                .map(rows -> {
                    List<Entry> entries = new ArrayList<>();
                    long rank = 0;
                    Long previous = null;
                    for (LeaderboardRepository.Row row : rows) {
                        if (previous == null || row.xp() != previous) {
                            rank++;
                            previous = row.xp();
                        }
                        entries.add(entry(row, rank, caller));
                    }
                    return entries;
                }));
    }

    public Mono<Board> aroundMe(Caller caller, UUID cohort, Period period, int radius) {
        return board(caller, cohort, period, (key, line, myRank) -> line == null ? Mono.just(List.<Entry>of())
                : Mono.zip(boards.above(key, cohort, line, radius).collectList(), boards.below(key, cohort, line, radius).collectList())
                .map(t -> {
                    List<Entry> entries = new ArrayList<>();
                    // above, nearest first: the rank goes down by one at each change of score
                    long rank = myRank;
                    long xp = line.xp();
                    for (LeaderboardRepository.Row row : t.getT1()) {
                        if (row.xp() != xp) {
                            rank--;
                            xp = row.xp();
                        }
                        entries.add(0, entry(row, rank, caller));
                    }
                    entries.add(entry(line, myRank, caller));
                    rank = myRank;
                    xp = line.xp();
                    for (LeaderboardRepository.Row row : t.getT2()) {
                        if (row.xp() != xp) {
                            rank++;
                            xp = row.xp();
                        }
                        entries.add(entry(row, rank, caller));
                    }
                    return entries;
                }));
    }

    private interface Lines {
        Mono<List<Entry>> of(String period, LeaderboardRepository.Row line, Long myRank);
    }

    private static Entry entry(LeaderboardRepository.Row row, long rank, Caller caller) {
        return new Entry(rank, row.displayName() == null ? "Apprenant·e" : row.displayName(), row.xp(),
                row.learnerId().equals(caller.id()));
    }

    private Mono<Board> board(Caller caller, UUID cohort, Period period, Lines lines) {
        Mono<Boolean> allowed = cohort == null || caller.isAdmin() ? Mono.just(true) : boards.mayView(cohort, caller.id());
        return allowed.flatMap(yes -> {
            if (!yes) {
                // not a member nor its trainer: the cohort is not theirs to know of
                return Mono.error(new DomainException.NotFound("Aucune promotion " + cohort + "."));
            }
            return ledger.zoneAt(caller.id(), clock.instant()).map(ZoneId::of).defaultIfEmpty(calendar.defaultZone())
                    .flatMap(zone -> {
                        String week = period == Period.WEEK ? Calendar.weekKey(calendar.dayOf(clock.instant(), zone)) : null;
                        String key = week == null ? "ALL" : "W:" + week;
                        Mono<Boolean> hidden = ledger.find(caller.id()).map(LedgerRepository.LearnerRow::hidden).defaultIfEmpty(false);
                        return boards.line(key, cohort, caller.id())
                                .flatMap(line -> boards.rankOf(key, cohort, line.xp())
                                        .flatMap(rank -> lines.of(key, line, rank).map(entries -> new Ranked(entries, rank))))
                                .switchIfEmpty(Mono.defer(() -> lines.of(key, null, null).map(entries -> new Ranked(entries, null))))
                                .zipWith(hidden, (ranked, isHidden) -> new Board(cohort == null ? "GLOBAL" : "COHORT", period, week,
                                        ranked.entries(), ranked.myRank(), isHidden));
                    });
        });
    }

    private record Ranked(List<Entry> entries, Long myRank) {
    }
}
