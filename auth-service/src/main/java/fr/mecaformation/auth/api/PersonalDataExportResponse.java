package fr.mecaformation.auth.api;

import fr.mecaformation.auth.application.PersonalData;

import java.time.Instant;
import java.util.List;

/** The copy of their data a person downloads (GDPR articles 15 and 20), in a stable, documented shape. */
public record PersonalDataExportResponse(Instant exportedAt, String controller, ProfileResponse profile, Account account,
                                         List<HistoryEntry> history) {

    public record Account(String username, String email, boolean emailVerified, boolean enabled, Instant createdAt,
                          List<String> roles) {
    }

    public record HistoryEntry(Instant at, String action, boolean byYou) {
    }

    static PersonalDataExportResponse of(PersonalData.Export export) {
        var account = export.account();
        return new PersonalDataExportResponse(export.exportedAt(), "MécaFormation",
                ProfileResponse.of(export.profile()),
                new Account(account.username(), account.email(), account.emailVerified(), account.enabled(),
                        account.createdAt(), account.roles()),
                export.history().stream()
                        .map(entry -> new HistoryEntry(entry.at(), entry.action(), entry.actorId().equals(entry.subjectId())))
                        .toList());
    }
}
