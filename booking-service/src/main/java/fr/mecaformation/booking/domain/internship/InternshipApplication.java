package fr.mecaformation.booking.domain.internship;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A learner's application to an offer; {@code learnerId} and {@code motivation} are null once the account was erased. */
public record InternshipApplication(UUID id, UUID offerId, UUID learnerId, String motivation, String status,
                                    Instant appliedAt, Instant decidedAt, List<String> reasons) {

    public static final String PENDING = "PENDING";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String DECLINED = "DECLINED";
    public static final String WITHDRAWN = "WITHDRAWN";

    public InternshipApplication {
        reasons = List.copyOf(reasons);
    }
}
