package fr.mecaformation.platform.work;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Background work done in passes (relay the outbox, transcode queued videos…): one pass every {@code interval}, and
 * one as soon as {@link #wakeUp()} says there is work; never two at once (ticks and wake-ups that come during a pass
 * are folded into one pass right after it), and a failed pass is handed to {@code onError} and the loop goes on.
 * Owners start and stop it from their own lifecycle.
 */
public final class PollingLoop {

    private final Duration interval;
    private final Supplier<Mono<?>> pass;
    private final Function<Throwable, Mono<Void>> onError;
    private final Sinks.Many<Long> wakeUps = Sinks.many().multicast().directBestEffort();
    // one wake-up in flight at most: those that come before its pass has started are answered by that pass, so a
    // burst of commits makes one pass, not one each (the pass clears the flag as it starts, then reads)
    private final java.util.concurrent.atomic.AtomicBoolean wakeUpPending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Disposable running;

    public PollingLoop(Duration interval, Supplier<Mono<?>> pass, Function<Throwable, Mono<Void>> onError) {
        this.interval = interval;
        this.pass = pass;
        this.onError = onError;
    }

    public void start() {
        running = Flux.merge(Flux.interval(interval, Schedulers.single()), wakeUps.asFlux().publishOn(Schedulers.single()))
                .onBackpressureLatest()
                .concatMap(tick -> Mono.defer(() -> {
                    wakeUpPending.set(false);
                    return pass.get();
                }).then().onErrorResume(onError), 1)
                .subscribe();
    }

    /** Asks for a pass now (after the one running, if any) rather than at the next tick. */
    public void wakeUp() {
        if (wakeUpPending.compareAndSet(false, true)) {
            // only this thread emits now (the flag), so the emission can't meet a concurrent one; sent while the loop
            // is stopped it is dropped, and the first pass after a start reads everything anyway
            wakeUps.tryEmitNext(0L);
        }
    }

    public void stop() {
        if (running != null) {
            running.dispose();
        }
    }

    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
