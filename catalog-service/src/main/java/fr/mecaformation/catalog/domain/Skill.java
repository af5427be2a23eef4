package fr.mecaformation.catalog.domain;

/**
 * The reference list of skills a course can teach, after the competence blocks of the French vehicle-maintenance
 * qualifications (CAP MV, Bac Pro MV, BTS MV). Names are stable identifiers; labels are what learners read.
 */
public enum Skill {
    ELECTRICITE("Électricité"),
    MOTEUR("Moteur"),
    TRANSMISSION("Transmission"),
    FREINAGE("Freinage"),
    LIAISON_AU_SOL("Liaison au sol"),
    CLIMATISATION("Climatisation"),
    DIAGNOSTIC_ELECTRONIQUE("Diagnostic électronique"),
    VEHICULES_HYBRIDES_ELECTRIQUES("Véhicules hybrides et électriques");

    private final String label;

    Skill(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
