package fr.mecaformation.events.payment;

/**
 * Wire constants of purchases. payment-service publishes; catalog-service turns them into enrolments. Keyed by
 * payment id, so a payment's success and its refunds stay in order.
 */
public final class PurchaseEvents {

    public static final String TOPIC = "payment.purchase.v1";

    private PurchaseEvents() {
    }
}
