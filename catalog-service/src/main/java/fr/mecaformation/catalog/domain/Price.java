package fr.mecaformation.catalog.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A course price in euro cents, VAT included. Cents, so no amount is ever rounded by floating point. */
public record Price(long cents) {

    public static final String CURRENCY = "EUR";

    public Price {
        if (cents < 0) {
            throw new IllegalArgumentException("a price can't be negative");
        }
    }

    /** @throws ArithmeticException if the amount has more than two decimals */
    public static Price ofEuros(BigDecimal euros) {
        return new Price(euros.setScale(2, RoundingMode.UNNECESSARY).movePointRight(2).longValueExact());
    }

    public BigDecimal euros() {
        return BigDecimal.valueOf(cents, 2);
    }

    public boolean isFree() {
        return cents == 0;
    }
}
