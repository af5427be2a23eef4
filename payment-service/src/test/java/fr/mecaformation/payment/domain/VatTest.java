package fr.mecaformation.payment.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VatTest {

    @ParameterizedTest(name = "{0} cents TTC = {1} HT + {2} TVA")
    @CsvSource({"49000, 40833, 8167", "39000, 32500, 6500", "1, 1, 0", "99999, 83333, 16666", "12, 10, 2"})
    void a_price_including_tax_splits_into_before_tax_and_tax_that_add_up_to_the_cent(long ttc, long ht, long tva) {
        Vat vat = Vat.ofPriceIncludingTax(ttc);
        assertThat(vat.beforeTaxCents()).isEqualTo(ht);
        assertThat(vat.taxCents()).isEqualTo(tva);
        assertThat(vat.beforeTaxCents() + vat.taxCents()).isEqualTo(ttc);
    }
}
