package fr.mecaformation.platform.work;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PollingLoopTest {

    @Test
    void a_wake_up_runs_a_pass_at_once_without_waiting_for_the_tick() {
        AtomicInteger passes = new AtomicInteger();
        PollingLoop loop = new PollingLoop(Duration.ofHours(1), () -> Mono.fromRunnable(passes::incrementAndGet), error -> Mono.empty());
        loop.start();
        try {
            // the first tick is an hour away: only the wake-up can run a pass
            loop.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
            loop.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2);
        } finally {
            loop.stop();
        }
    }

    @Test
    void wake_ups_during_a_pass_are_folded_into_one_pass_right_after_it_and_passes_never_overlap() throws Exception {
        CountDownLatch firstPassStarted = new CountDownLatch(1);
        // the first pass lasts until the test lets it end; it waits without blocking (passes run on an event loop)
        java.util.concurrent.CompletableFuture<Void> releaseFirstPass = new java.util.concurrent.CompletableFuture<>();
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        PollingLoop loop = new PollingLoop(Duration.ofHours(1), () -> Mono.defer(() -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (passes.incrementAndGet() == 1) {
                firstPassStarted.countDown();
                return Mono.fromFuture(releaseFirstPass);
            }
            return Mono.empty();
        }).doFinally(signal -> running.decrementAndGet()), error -> Mono.empty());
        loop.start();
        try {
            loop.wakeUp();
            assertThat(firstPassStarted.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                loop.wakeUp();
            }
            releaseFirstPass.complete(null);
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 2);
            // the ten wake-ups made one pass after the long one, not ten
            Thread.sleep(300);
            assertThat(passes.get()).isEqualTo(2);
            assertThat(overlaps.get()).isZero();
        } finally {
            loop.stop();
        }
    }

    @Test
    void a_failed_pass_is_handed_over_and_the_next_wake_up_still_runs() {
        AtomicInteger passes = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        PollingLoop loop = new PollingLoop(Duration.ofHours(1), () -> passes.incrementAndGet() == 1
                ? Mono.error(new IllegalStateException("base indisponible")) : Mono.empty(),
                error -> Mono.fromRunnable(failures::incrementAndGet));
        loop.start();
        try {
            loop.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> failures.get() == 1);
            loop.wakeUp();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2);
        } finally {
            loop.stop();
        }
    }
}
