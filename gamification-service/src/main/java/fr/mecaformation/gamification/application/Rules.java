package fr.mecaformation.gamification.application;

import fr.mecaformation.gamification.domain.RuleSet;
import fr.mecaformation.gamification.domain.XpRule;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.gamification.persistence.RuleRepository;
import fr.mecaformation.web.security.Caller;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;

/** The rules as data: read any version, publish the next one (admins), rebuild the derived totals. */
@Service
public class Rules {

    public record Rebuilt(long learners, long corrected) {
    }

    private final RuleRepository rules;
    private final LedgerRepository ledger;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Rules(RuleRepository rules, LedgerRepository ledger, TransactionalOperator transactional, Clock clock) {
        this.rules = rules;
        this.ledger = ledger;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<RuleSet> active() {
        return rules.active();
    }

    public Mono<RuleSet> version(int version) {
        return rules.version(version).switchIfEmpty(Mono.error(() -> new RuleSet.VersionNotFound(version)));
    }

    /**
     * Publishes version {@code basedOn + 1} if {@code basedOn} is still the one in force: an admin who edited an
     * older version is told so (409) rather than silently overwriting a colleague's change. New rules apply to events
     * processed from then on; what was awarded stays, with the version that earned it.
     */
    public Mono<RuleSet> publish(Caller admin, int basedOn, List<Integer> levels, List<XpRule> proposed) {
        RuleSet.validate(levels, proposed);
        Mono<RuleSet> publish = rules.currentVersion()
                .flatMap(current -> current != basedOn ? Mono.error(new RuleSet.StaleVersion(basedOn, current))
                        : rules.publish(current + 1, levels, proposed, admin.id(), clock.instant()).thenReturn(current + 1))
                .onErrorMap(DataIntegrityViolationException.class, e -> new RuleSet.StaleVersion(basedOn, basedOn + 1))
                .flatMap(rules::version);
        return transactional.transactional(publish);
    }

    /** Recomputes every learner's totals and level from the ledger: a check that the derived state is exact. */
    public Mono<Rebuilt> rebuild() {
        return rules.active().flatMap(set -> transactional.transactional(ledger.rebuild(set.levels().thresholds()))
                .zipWith(ledger.learners(), (corrected, learners) -> new Rebuilt(learners, corrected)));
    }
}
