package fr.mecaformation.auth.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerProfileTest {

    private static final Instant REGISTERED = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-21T08:00:00Z");

    private final LearnerProfile profile = LearnerProfile.registered(UUID.randomUUID(), "ines@exemple.fr", "Inès Martin",
            "Inès Martin", Qualification.CAP_MV, REGISTERED);

    @Test
    void a_partial_change_keeps_the_fields_it_does_not_name_and_says_which_ones_changed() {
        LearnerProfile.Revision revision = profile.revise(new ProfileChanges(null, "+33612345678", new Departement("69"),
                null, Set.of(Speciality.FREINAGE), null, null), LATER);

        assertThat(revision.changedFields()).containsExactly("phone", "region", "specialities");
        assertThat(revision.profile().displayName()).isEqualTo("Inès Martin");
        assertThat(revision.profile().targetQualification()).isEqualTo(Qualification.CAP_MV);
        assertThat(revision.profile().revision()).isEqualTo(2);
        assertThat(revision.profile().updatedAt()).isEqualTo(LATER);
        assertThat(revision.profile().createdAt()).isEqualTo(REGISTERED);
    }

    @Test
    void sending_the_values_already_there_changes_nothing_and_keeps_the_revision() {
        LearnerProfile.Revision revision = profile.revise(new ProfileChanges("Inès Martin", null, null, Qualification.CAP_MV,
                null, null, null), LATER);

        assertThat(revision.changedAnything()).isFalse();
        assertThat(revision.profile()).isSameAs(profile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "19", "2A", "2B", "21", "69", "95", "971", "976"})
    void french_departement_codes_are_accepted(String code) {
        assertThat(Departement.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "20", "96", "99", "970", "977", "2C", "6", "690", ""})
    void anything_else_is_not_a_departement(String code) {
        assertThat(Departement.isValid(code)).isFalse();
    }
}
