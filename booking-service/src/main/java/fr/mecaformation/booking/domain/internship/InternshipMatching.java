package fr.mecaformation.booking.domain.internship;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How well an offer fits a learner, and why, in words the learner reads. Points add up:
 * <ul>
 *   <li>the same département: 40 (« Même département (69) »); otherwise, within {@value #NEARBY_KM} km of centre to
 *   centre, up to 30 fading with distance (« À environ 45 km : Isère (38) »);</li>
 *   <li>the qualification the offer is meant for is the one the learner prepares: 20;</li>
 *   <li>the offer's trade is one of the learner's specialities: 15;</li>
 *   <li>each required skill a certificate proves: 10 (« Compétence prouvée : FREINAGE »); skills not proven yet are
 *   listed apart, so the learner sees what to learn, they do not count against the offer.</li>
 * </ul>
 * An offer with no point at all is not a match and is not shown. Ties go to the earliest start.
 */
public final class InternshipMatching {

    public static final int SAME_DEPARTEMENT = 40;
    public static final int NEARBY_MAX = 30;
    public static final int NEARBY_KM = 150;
    public static final int QUALIFICATION = 20;
    public static final int TRADE = 15;
    public static final int PROVEN_SKILL = 10;

    public record Match(InternshipOffer offer, int score, List<String> reasons, List<String> missingSkills,
                        Integer distanceKm) {

        public Match {
            reasons = List.copyOf(reasons);
            missingSkills = List.copyOf(missingSkills);
        }
    }

    public static final Comparator<Match> RANKING = Comparator.comparingInt(Match::score).reversed()
            .thenComparing(match -> match.offer().startsOn())
            .thenComparing(match -> match.offer().id());

    private InternshipMatching() {
    }

    public static Match match(InternshipOffer offer, LearnerFit learner) {
        int score = 0;
        List<String> reasons = new ArrayList<>();
        Integer distance = null;
        if (learner.departement() != null) {
            Optional<Integer> km = Departements.distanceKm(learner.departement(), offer.departement());
            distance = km.orElse(null);
            if (offer.departement().equals(learner.departement())) {
                score += SAME_DEPARTEMENT;
                reasons.add("Même département (" + offer.departement() + ")");
            } else if (km.isPresent() && km.get() <= NEARBY_KM) {
                score += Math.max(1, Math.round(NEARBY_MAX * (1 - km.get() / (float) NEARBY_KM)));
                String name = Departements.of(offer.departement()).map(Departements.Departement::name).orElse("");
                reasons.add("À environ " + km.get() + " km : " + name + " (" + offer.departement() + ")");
            }
        }
        if (offer.qualification() != null && offer.qualification().equals(learner.targetQualification())) {
            score += QUALIFICATION;
            reasons.add("Prévu pour votre diplôme préparé (" + offer.qualification() + ")");
        }
        if (learner.specialities().contains(offer.trade())) {
            score += TRADE;
            reasons.add("Dans votre spécialité : " + offer.trade());
        }
        List<String> missing = new ArrayList<>();
        for (String skill : offer.requiredSkills()) {
            if (learner.provenSkills().contains(skill)) {
                score += PROVEN_SKILL;
                reasons.add("Compétence prouvée : " + skill);
            } else {
                missing.add(skill);
            }
        }
        return new Match(offer, score, reasons, missing, distance);
    }

    /** The offers that fit the learner at all, best first. */
    public static List<Match> rank(List<InternshipOffer> offers, LearnerFit learner) {
        return offers.stream().map(offer -> match(offer, learner)).filter(match -> match.score() > 0)
                .sorted(RANKING).toList();
    }
}
