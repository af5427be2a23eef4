package fr.mecaformation.payment.domain;

/** What a purchase buys: one course, a bundle of courses, or coaching hours (which grant no course). */
public enum PurchaseKind {
    COURSE, BUNDLE, COACHING
}
