package fr.mecaformation.payment.domain;

public enum PurchaseStatus {
    PENDING, PAID, REFUNDED, PARTIALLY_REFUNDED
}
