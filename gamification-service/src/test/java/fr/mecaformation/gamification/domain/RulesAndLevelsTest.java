package fr.mecaformation.gamification.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesAndLevelsTest {

    final LevelCurve curve = new LevelCurve(List.of(0, 100, 250, 500));

    @Test
    void levels_follow_the_curve() {
        assertThat(curve.levelFor(0)).isEqualTo(1);
        assertThat(curve.levelFor(99)).isEqualTo(1);
        assertThat(curve.levelFor(100)).isEqualTo(2);
        assertThat(curve.levelFor(10_000)).isEqualTo(4);
        assertThat(curve.progressPercent(175)).isEqualTo(50);
        assertThat(curve.nextOf(2)).isEqualTo(250);
        assertThat(curve.nextOf(4)).isNull();
        assertThat(curve.progressPercent(10_000)).isEqualTo(100);
    }

    @Test
    void negative_xp_duplicate_codes_and_a_curve_that_goes_down_are_refused_each_by_its_field() {
        List<XpRule> rules = List.of(new XpRule("lesson_completed", Trigger.LESSON_COMPLETED, -5, null, null),
                new XpRule("lesson_completed", Trigger.QUIZ_PASSED, 10, 0, -1.0));

        assertThatThrownBy(() -> RuleSet.validate(List.of(0, 100, 90), rules))
                .isInstanceOfSatisfying(DomainException.Invalid.class, invalid -> assertThat(invalid.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("levels[2]", "rules[0].xp", "rules[1].code", "rules[1].dailyCap",
                                "rules[1].minWatchedSeconds"));
        RuleSet.validate(List.of(0, 100), List.of(new XpRule("ok_rule", Trigger.COURSE_COMPLETED, 0, 1, 0.0)));
    }

    @Test
    void a_video_completion_without_watched_seconds_is_not_watched() {
        XpRule rule = new XpRule("lesson_completed", Trigger.LESSON_COMPLETED, 10, null, 30.0);
        assertThat(rule.watchedEnough("VIDEO", null)).isFalse();
        assertThat(rule.watchedEnough("VIDEO", 0.0)).isFalse();
        assertThat(rule.watchedEnough("VIDEO", 29.0)).isFalse();
        assertThat(rule.watchedEnough("VIDEO", 30.0)).isTrue();
        assertThat(rule.watchedEnough("READING", null)).isTrue();
    }
}
