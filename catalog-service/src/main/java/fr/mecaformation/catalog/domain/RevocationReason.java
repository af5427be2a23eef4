package fr.mecaformation.catalog.domain;

public enum RevocationReason {
    REFUND, ADMIN, ACCOUNT_DELETED
}
