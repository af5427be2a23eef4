package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.web.problem.DomainException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CourseTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    static final Caller TRAINER = new Caller(UUID.randomUUID(), null, null, Set.of("trainer"));
    static final Caller OTHER_TRAINER = new Caller(UUID.randomUUID(), null, null, Set.of("trainer"));
    static final Caller ADMIN = new Caller(UUID.randomUUID(), null, null, Set.of("admin"));
    static final Caller STUDENT = new Caller(UUID.randomUUID(), null, null, Set.of("student"));
    static final CourseDetails DETAILS = new CourseDetails("Freinage", "ABS", Category.FREINAGE, Level.DEBUTANT,
            Price.ofEuros(new BigDecimal("490.00")), 60, null, Set.of(Skill.FREINAGE));

    @Test
    void only_trainers_and_admins_write_courses_and_a_new_one_is_a_hidden_draft() {
        Course draft = Course.draft(UUID.randomUUID(), TRAINER, DETAILS, NOW);

        assertThat(draft.status()).isEqualTo(CourseStatus.DRAFT);
        assertThat(draft.isVisibleTo(null)).isFalse();
        assertThat(draft.isVisibleTo(OTHER_TRAINER)).isFalse();
        assertThat(draft.isVisibleTo(TRAINER)).isTrue();
        assertThat(draft.isVisibleTo(ADMIN)).isTrue();
        assertThatThrownBy(() -> Course.draft(UUID.randomUUID(), STUDENT, DETAILS, NOW)).isInstanceOf(DomainException.Forbidden.class);
    }

    @Test
    void a_trainer_submits_an_admin_publishes_once_and_each_step_bumps_the_revision() {
        Course inReview = Course.draft(UUID.randomUUID(), TRAINER, DETAILS, NOW).submitForReview(TRAINER, NOW.plusSeconds(10));
        assertThat(inReview.status()).isEqualTo(CourseStatus.IN_REVIEW);
        assertThat(inReview.isVisibleTo(null)).isFalse();
        assertThatThrownBy(() -> inReview.publish(TRAINER, NOW)).isInstanceOf(DomainException.Forbidden.class);
        assertThatThrownBy(() -> inReview.submitForReview(TRAINER, NOW)).isInstanceOf(DomainException.Conflict.class);

        Course published = inReview.publish(ADMIN, NOW.plusSeconds(60));
        assertThat(published.isVisibleTo(null)).isTrue();
        assertThat(published.revision()).isEqualTo(3);
        assertThat(published.publishedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThatThrownBy(() -> published.publish(ADMIN, NOW)).isInstanceOf(DomainException.Conflict.class);
    }

    @Test
    void an_admin_sends_a_course_in_review_back_to_draft_with_a_comment_that_the_next_submission_clears() {
        Course inReview = Course.draft(UUID.randomUUID(), TRAINER, DETAILS, NOW).submitForReview(TRAINER, NOW);

        Course rejected = inReview.reject(ADMIN, "Ajoutez les couples de serrage.", NOW);
        assertThat(rejected.status()).isEqualTo(CourseStatus.DRAFT);
        assertThat(rejected.reviewComment()).isEqualTo("Ajoutez les couples de serrage.");
        assertThat(rejected.submitForReview(TRAINER, NOW).reviewComment()).isNull();
        assertThatThrownBy(() -> inReview.reject(TRAINER, "moi-même", NOW)).isInstanceOf(DomainException.Forbidden.class);
        assertThatThrownBy(() -> rejected.reject(ADMIN, "encore", NOW)).isInstanceOf(DomainException.Conflict.class);
    }

    @Test
    void a_published_course_is_edited_as_a_pending_revision_that_replaces_it_only_once_approved() {
        Course published = Course.draft(UUID.randomUUID(), TRAINER, DETAILS, NOW).submitForReview(TRAINER, NOW).publish(ADMIN, NOW);
        CourseDetails cheaper = new CourseDetails("Freinage", "ABS et ESP", Category.FREINAGE, Level.DEBUTANT,
                Price.ofEuros(new BigDecimal("390.00")), 60, null, Set.of(Skill.FREINAGE));

        Course edited = published.revise(TRAINER, cheaper, NOW);
        assertThat(edited.details()).as("learners keep the published version").isEqualTo(DETAILS);
        assertThat(edited.pending().details()).isEqualTo(cheaper);
        assertThatThrownBy(() -> edited.publish(ADMIN, NOW)).as("not submitted yet").isInstanceOf(DomainException.Conflict.class);

        Course sentBack = edited.submitForReview(TRAINER, NOW).reject(ADMIN, "Justifiez la baisse de prix.", NOW);
        assertThat(sentBack.status()).isEqualTo(CourseStatus.PUBLISHED);
        assertThat(sentBack.details()).isEqualTo(DETAILS);
        assertThat(sentBack.pending().inReview()).isFalse();

        Course approved = sentBack.submitForReview(TRAINER, NOW).publish(ADMIN, NOW.plusSeconds(5));
        assertThat(approved.details()).isEqualTo(cheaper);
        assertThat(approved.pending()).isNull();
        assertThat(approved.publishedAt()).as("first publication date kept").isEqualTo(NOW);
        assertThatThrownBy(() -> approved.submitForReview(TRAINER, NOW)).isInstanceOf(DomainException.Conflict.class);
    }

    @Test
    void another_trainer_may_not_revise_or_submit_but_an_admin_may() {
        Course draft = Course.draft(UUID.randomUUID(), TRAINER, DETAILS, NOW);

        assertThatThrownBy(() -> draft.revise(OTHER_TRAINER, DETAILS, NOW)).isInstanceOf(DomainException.Forbidden.class);
        assertThatThrownBy(() -> draft.submitForReview(OTHER_TRAINER, NOW)).isInstanceOf(DomainException.Forbidden.class);
        assertThat(draft.revise(ADMIN, DETAILS, NOW).revision()).isEqualTo(2);
    }

    @Test
    void prices_are_exact_cents_and_never_negative() {
        assertThat(Price.ofEuros(new BigDecimal("490.5")).cents()).isEqualTo(49050);
        assertThat(Price.ofEuros(new BigDecimal("0")).isFree()).isTrue();
        assertThat(new Price(49050).euros()).isEqualByComparingTo("490.50");
        assertThatThrownBy(() -> Price.ofEuros(new BigDecimal("9.999"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> new Price(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thumbnails_only_come_from_our_media_hosts_over_https() {
        ThumbnailPolicy policy = new ThumbnailPolicy(Set.of("media.mecaformation.fr"));

        policy.check(null);
        policy.check("https://media.mecaformation.fr/vignettes/freinage.webp");
        for (String hostile : new String[]{"http://media.mecaformation.fr/a.png", "https://169.254.169.254/latest",
                "https://media.mecaformation.fr.evil.com/a.png", "https://user@media.mecaformation.fr/a.png",
                "https://media.mecaformation.fr:8443/a.png", "file:///etc/passwd", "javascript:alert(1)", "://"}) {
            assertThatThrownBy(() -> policy.check(hostile)).as(hostile).isInstanceOf(DomainException.Invalid.class);
        }
    }
}
