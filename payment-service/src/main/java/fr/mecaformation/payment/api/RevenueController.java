package fr.mecaformation.payment.api;

import fr.mecaformation.payment.persistence.RevenueRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Revenue for admins, month by month (French time): what was paid, what was refunded, what remains. */
@RestController
public class RevenueController {

    private static final int MAX_MONTHS = 36;

    private final RevenueRepository revenue;

    public RevenueController(RevenueRepository revenue) {
        this.revenue = revenue;
    }

    /** Amounts in euros, VAT included, as paid. */
    /** {@code mrr}: monthly recurring revenue at the month's end; {@code churnedSubscriptions}: those that ended in it. */
    public record MonthResponse(YearMonth month, BigDecimal gross, BigDecimal refunds, BigDecimal net, long purchases,
                                BigDecimal mrr, long newSubscriptions, long churnedSubscriptions) {
    }

    public record RevenueResponse(List<MonthResponse> months, BigDecimal gross, BigDecimal refunds, BigDecimal net) {
    }

    @GetMapping(path = "/api/payments/admin/revenue", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    public Mono<RevenueResponse> revenue(@RequestParam YearMonth from, @RequestParam YearMonth to) {
        if (to.isBefore(from) || ChronoUnit.MONTHS.between(from, to) >= MAX_MONTHS) {
            return Mono.error(new DomainException.Invalid("Période refusée.", List.of(new FieldError("to",
                    "de 1 à " + MAX_MONTHS + " mois, « to » au plus tôt le mois de « from »"))));
        }
        return revenue.monthly(from, to).collectList().map(months -> {
            List<MonthResponse> rows = months.stream().map(month -> new MonthResponse(month.month(), euros(month.grossCents()),
                    euros(month.refundsCents()), euros(month.grossCents() - month.refundsCents()), month.purchases(),
                    euros(month.recurringCents()), month.newSubscriptions(), month.churned())).toList();
            long gross = months.stream().mapToLong(RevenueRepository.Month::grossCents).sum();
            long refunds = months.stream().mapToLong(RevenueRepository.Month::refundsCents).sum();
            return new RevenueResponse(rows, euros(gross), euros(refunds), euros(gross - refunds));
        });
    }

    private static BigDecimal euros(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
