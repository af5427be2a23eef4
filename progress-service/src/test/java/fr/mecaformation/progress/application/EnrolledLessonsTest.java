package fr.mecaformation.progress.application;

import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.domain.LessonKind;
import fr.mecaformation.progress.persistence.LessonContextRepository;
import fr.mecaformation.progress.persistence.VideoProgressRepository.Key;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The remembered permissions against revocations, with the database's answers held back by the test so each
 * interleaving is played out exactly (the race behind a heartbeat credited after its learner's revocation).
 */
class EnrolledLessonsTest {

    final UUID learner = UUID.randomUUID();
    final UUID lesson = UUID.randomUUID();
    final Key key = new Key(learner, lesson);
    final LessonContext enrolledLesson = new LessonContext(lesson, UUID.randomUUID(), LessonKind.VIDEO, 100.0,
            "Freinage", "trainer", true);
    final AtomicInteger queries = new AtomicInteger();
    final LessonContextRepository repository = mock(LessonContextRepository.class);
    final EnrolledLessons lessons = new EnrolledLessons(repository);
    /** What the database answers to the next lookup. */
    volatile Flux<LessonContextRepository.Keyed> rows = Flux.empty();

    EnrolledLessonsTest() {
        when(repository.findAll(any())).thenAnswer(invocation -> {
            queries.incrementAndGet();
            return rows;
        });
    }

    @Test
    void a_permission_is_remembered_and_a_revocation_forgets_it() {
        answerFromDatabase(Flux.just(new LessonContextRepository.Keyed(learner, enrolledLesson)));
        assertThat(lessons.find(List.of(key)).block()).containsKey(key);
        assertThat(lessons.find(List.of(key)).block()).containsKey(key);
        assertThat(queries).as("second lookup from memory").hasValue(1);

        lessons.forgetLearner(learner);
        lessons.find(List.of(key)).block();
        assertThat(queries).as("forgotten: asked again").hasValue(2);
    }

    @Test
    void a_lookup_that_read_the_database_before_a_revocation_does_not_remember_what_it_read() {
        Sinks.Many<LessonContextRepository.Keyed> heldBack = Sinks.many().unicast().onBackpressureBuffer();
        answerFromDatabase(heldBack.asFlux());
        Mono<?> lookup = lessons.find(List.of(key)).cache();
        lookup.subscribe();                 // the query is under way, it read "enrolled"…
        lessons.forgetLearner(learner);     // …the revocation is heard meanwhile…
        heldBack.tryEmitNext(new LessonContextRepository.Keyed(learner, enrolledLesson));
        heldBack.tryEmitComplete();         // …then the old answer arrives
        lookup.block();

        answerFromDatabase(Flux.empty());
        assertThat(lessons.find(List.of(key)).block()).as("the stale answer was not remembered").doesNotContainKey(key);
    }

    @Test
    void the_revocation_effect_forgets_before_it_runs_so_nothing_remembered_outlives_its_commit() {
        answerFromDatabase(Flux.just(new LessonContextRepository.Keyed(learner, enrolledLesson)));
        lessons.find(List.of(key)).block();
        AtomicInteger queriesSeenByRevocation = new AtomicInteger();
        Mono<Void> revocation = Mono.fromRunnable(() -> {
            answerFromDatabase(Flux.empty());
            lessons.find(List.of(key)).block();
            queriesSeenByRevocation.set(queries.get());
        });

        lessons.forgettingLearner(learner, revocation).block();

        assertThat(queriesSeenByRevocation).as("inside the revocation, the learner is no longer remembered").hasValue(2);
    }

    private void answerFromDatabase(Flux<LessonContextRepository.Keyed> answer) {
        rows = answer;
    }
}
