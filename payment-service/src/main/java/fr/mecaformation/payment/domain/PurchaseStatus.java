package fr.mecaformation.payment.domain;

/** PENDING (checkout open) ⇄ FAILED (an attempt refused, still payable) → PAID → PARTIALLY_REFUNDED/REFUNDED. */
public enum PurchaseStatus {
    PENDING, FAILED, PAID, REFUNDED, PARTIALLY_REFUNDED;

    /** Not paid yet, and still payable on its checkout page. */
    public boolean isOpen() {
        return this == PENDING || this == FAILED;
    }
}
