package fr.mecaformation.platform.work;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Background work done in passes (relay the outbox, transcode queued videos…): one pass every {@code interval},
 * never two at once (a tick that comes during a pass is dropped), and a failed pass is handed to {@code onError}
 * and the loop goes on. Owners start and stop it from their own lifecycle.
 */
public final class PollingLoop {

    private final Duration interval;
    private final Supplier<Mono<?>> pass;
    private final Function<Throwable, Mono<Void>> onError;
    private volatile Disposable running;

    public PollingLoop(Duration interval, Supplier<Mono<?>> pass, Function<Throwable, Mono<Void>> onError) {
        this.interval = interval;
        this.pass = pass;
        this.onError = onError;
    }

    public void start() {
        running = Flux.interval(interval, Schedulers.single())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(pass).then().onErrorResume(onError), 1)
                .subscribe();
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
