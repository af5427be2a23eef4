package fr.mecaformation.auth.domain;

/** The trade's fields a learner wants to work on; the same names as the catalog's course categories. */
public enum Speciality {
    ELECTRICITE,
    DIAGNOSTIC_MOTEUR,
    FREINAGE,
    CLIMATISATION,
    HYBRIDE_ELECTRIQUE,
    TRANSMISSION,
    LIAISON_AU_SOL,
    ENTRETIEN
}
