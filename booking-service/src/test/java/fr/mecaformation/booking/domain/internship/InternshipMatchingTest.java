package fr.mecaformation.booking.domain.internship;

import fr.mecaformation.web.problem.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternshipMatchingTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    static InternshipOffer offer(String trade, String qualification, String departement, List<String> skills) {
        return InternshipOffer.published(UUID.randomUUID(), UUID.randomUUID(), "Stage", null, trade, qualification,
                departement, TODAY.plusDays(30), TODAY.plusDays(60), skills, 2, TODAY, Instant.EPOCH);
    }

    @Test
    void the_table_holds_every_departement_the_profiles_accept_and_distances_are_centre_to_centre() {
        // 96 metropolitan (2A and 2B for 20), 971 to 976
        assertThat(Departements.count()).isEqualTo(102);
        for (String code : List.of("01", "19", "2A", "2B", "21", "95", "971", "972", "973", "974", "975", "976")) {
            assertThat(Departements.isKnown(code)).as(code).isTrue();
        }
        for (String code : List.of("20", "96", "00", "977", "1", "")) {
            assertThat(Departements.isKnown(code)).as(code).isFalse();
        }
        assertThat(Departements.distanceKm("69", "69")).contains(0);
        // Rhône to Isère, neighbours; Paris to Bouches-du-Rhône, across the country (about 660 km as the crow flies)
        assertThat(Departements.distanceKm("69", "38").orElseThrow()).isBetween(60, 110);
        assertThat(Departements.distanceKm("75", "13").orElseThrow()).isBetween(600, 720);
        assertThat(Departements.distanceKm("69", "974").orElseThrow()).isGreaterThan(9000);
        assertThat(Departements.distanceKm("69", "20")).isEmpty();
    }

    @Test
    void reasons_are_in_french_and_points_add_up_best_first() {
        LearnerFit ines = new LearnerFit(UUID.randomUUID(), "69", "CAP_MV", Set.of("FREINAGE", "ENTRETIEN"),
                Set.of("FREINAGE", "DIAGNOSTIC_ELECTRONIQUE"));
        InternshipOffer lyon = offer("FREINAGE", "CAP_MV", "69", List.of("FREINAGE", "LIAISON_AU_SOL"));
        InternshipOffer grenoble = offer("ENTRETIEN", null, "38", List.of("DIAGNOSTIC_ELECTRONIQUE"));
        InternshipOffer marseille = offer("CLIMATISATION", "BTS_MV", "13", List.of("CLIMATISATION"));

        InternshipMatching.Match first = InternshipMatching.match(lyon, ines);
        assertThat(first.reasons()).containsExactly("Même département (69)", "Prévu pour votre diplôme préparé (CAP_MV)",
                "Dans votre spécialité : FREINAGE", "Compétence prouvée : FREINAGE");
        assertThat(first.missingSkills()).containsExactly("LIAISON_AU_SOL");
        assertThat(first.score()).isEqualTo(85);

        InternshipMatching.Match near = InternshipMatching.match(grenoble, ines);
        assertThat(near.reasons()).hasSize(3);
        assertThat(near.reasons().get(0)).matches("À environ \\d+ km : Isère \\(38\\)");
        assertThat(near.score()).isBetween(15 + 10 + 1, 15 + 10 + 30);

        // Marseille is 270 km away, for another diploma, another trade, unproven skills: no reason, not shown
        assertThat(InternshipMatching.match(marseille, ines).score()).isZero();
        assertThat(InternshipMatching.rank(List.of(marseille, grenoble, lyon), ines)).extracting(m -> m.offer().id())
                .containsExactly(lyon.id(), grenoble.id());
        // nothing known of a learner: nothing matches
        assertThat(InternshipMatching.rank(List.of(marseille, grenoble, lyon), LearnerFit.unknown(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void an_offer_refuses_every_broken_rule_at_once() {
        assertThatThrownBy(() -> InternshipOffer.published(UUID.randomUUID(), UUID.randomUUID(), "Stage", null, "PLOMBERIE",
                "DOCTORAT", "20", TODAY, TODAY.minusDays(1), List.of("JARDINAGE"), 1_000_000, TODAY, Instant.EPOCH))
                .isInstanceOfSatisfying(DomainException.Invalid.class, e -> assertThat(e.errors())
                        .extracting(fr.mecaformation.web.problem.FieldError::field)
                        .containsExactlyInAnyOrder("trade", "qualification", "departement", "startsOn", "endsOn", "places",
                                "requiredSkills"));
    }
}
