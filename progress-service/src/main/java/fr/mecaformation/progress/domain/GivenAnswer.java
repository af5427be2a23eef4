package fr.mecaformation.progress.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A learner's answer to one question, in the shape its type asks for: {@code choiceIds} (one for a single choice, any
 * number for a multiple choice), {@code value} (a number), or {@code order} (every step of an ordering question).
 */
public record GivenAnswer(UUID questionId, List<UUID> choiceIds, Double value, List<UUID> order) {

    /**
     * The same answers always give the same fingerprint, whatever order the questions and the chosen options of a
     * multiple choice come in: a resent attempt is recognised, a different one under the same id is not.
     */
    public static byte[] fingerprint(List<GivenAnswer> answers) {
        String canonical = answers == null ? "-" : answers.stream()
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(answer -> String.valueOf(answer.questionId())))
                .map(answer -> answer.questionId() + "|" + ids(answer.choiceIds(), true) + "|" + answer.value() + "|"
                        + ids(answer.order(), false))
                .collect(Collectors.joining(";"));
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String ids(List<UUID> ids, boolean asSet) {
        if (ids == null) {
            return "-";
        }
        return ids.stream().map(String::valueOf).sorted(asSet ? Comparator.naturalOrder() : (a, b) -> 0)
                .collect(Collectors.joining(","));
    }
}
