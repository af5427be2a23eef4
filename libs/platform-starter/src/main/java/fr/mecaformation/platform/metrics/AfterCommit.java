package fr.mecaformation.platform.metrics;

import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Runs a side effect once the caller's reactive transaction has committed, or at once when there is none (the
 * statement before it already committed on its own). Business counters go through it: a dashboard that counts a
 * purchase the database then rolled back would lie.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static Mono<Void> run(Runnable effect) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .flatMap(transaction -> {
                    if (!transaction.isSynchronizationActive()) {
                        return Mono.<Void>fromRunnable(effect);
                    }
                    transaction.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public Mono<Void> afterCommit() {
                            return Mono.fromRunnable(effect);
                        }
                    });
                    return Mono.<Void>empty();
                })
                .onErrorResume(NoTransactionException.class, none -> Mono.fromRunnable(effect));
    }
}
