package fr.mecaformation.booking.domain.internship;

import java.util.List;
import java.util.Set;

/**
 * The names offers are described with, the same as the events this service matches them against: trades are the
 * specialities of auth-service's profiles, qualifications its target qualifications, skills the catalog's reference
 * list (what a certified course proves). Unknown names are refused, so an offer never requires what no certificate
 * can prove.
 */
public final class InternshipReferences {

    public static final List<String> TRADES = List.of("ELECTRICITE", "DIAGNOSTIC_MOTEUR", "FREINAGE", "CLIMATISATION",
            "HYBRIDE_ELECTRIQUE", "TRANSMISSION", "LIAISON_AU_SOL", "ENTRETIEN");
    public static final List<String> QUALIFICATIONS = List.of("CAP_MV", "BAC_PRO_MV", "BTS_MV", "TITRE_PRO", "RECONVERSION");
    public static final List<String> SKILLS = List.of("ELECTRICITE", "MOTEUR", "TRANSMISSION", "FREINAGE", "LIAISON_AU_SOL",
            "CLIMATISATION", "DIAGNOSTIC_ELECTRONIQUE", "VEHICULES_HYBRIDES_ELECTRIQUES");

    static final Set<String> TRADE_SET = Set.copyOf(TRADES);
    static final Set<String> QUALIFICATION_SET = Set.copyOf(QUALIFICATIONS);
    static final Set<String> SKILL_SET = Set.copyOf(SKILLS);

    private InternshipReferences() {
    }
}
