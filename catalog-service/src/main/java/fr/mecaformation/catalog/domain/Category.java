package fr.mecaformation.catalog.domain;

/** Fields of the vehicle-maintenance trade, as the CAP, Bac Pro and BTS curricula divide them. */
public enum Category {
    ELECTRICITE,
    DIAGNOSTIC_MOTEUR,
    FREINAGE,
    CLIMATISATION,
    HYBRIDE_ELECTRIQUE,
    TRANSMISSION,
    LIAISON_AU_SOL,
    ENTRETIEN
}
