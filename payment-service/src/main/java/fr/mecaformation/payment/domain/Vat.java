package fr.mecaformation.payment.domain;

/**
 * French VAT (TVA) on training sold to consumers: prices are set VAT included, at the standard 20 % rate; a receipt
 * shows the amount before tax and the tax, rounded to the cent so that the two add up to the price paid.
 */
public record Vat(long includingTaxCents, long taxCents) {

    public static final int RATE_PERCENT = 20;

    public static Vat ofPriceIncludingTax(long includingTaxCents) {
        long beforeTax = Math.round(includingTaxCents * 100.0 / (100 + RATE_PERCENT));
        return new Vat(includingTaxCents, includingTaxCents - beforeTax);
    }

    public long beforeTaxCents() {
        return includingTaxCents - taxCents;
    }
}
