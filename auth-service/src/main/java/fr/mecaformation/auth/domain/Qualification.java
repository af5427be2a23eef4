package fr.mecaformation.auth.domain;

/** The diploma or path a learner prepares. */
public enum Qualification {
    CAP_MV,
    BAC_PRO_MV,
    BTS_MV,
    TITRE_PRO,
    RECONVERSION
}
