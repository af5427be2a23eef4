package fr.mecaformation.payment.domain;

/** The subscription plans: the whole catalog, paid monthly or yearly. */
public enum Plan {
    MONTHLY, YEARLY
}
