package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.AttendanceCertificates.Certificate;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static fr.mecaformation.platform.documents.PdfText.printable;

/**
 * « Attestation de présence » for funders (OPCO, CPF, Qualiopi audits): one A4 page with who attended, what, when
 * (in the learner's zone and in UTC, so an auditor elsewhere reads the same instant), the trainer and when the
 * presence was recorded. Names come from booking-service's own records; an unknown name is said so, never replaced
 * by an id.
 */
final class AttendanceCertificatePdf {

    static final String MEDIA_TYPE = "application/pdf";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRANCE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRANCE);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRANCE);
    static final String UNKNOWN_LEARNER = "(nom de l'apprenant non connu du service de réservation)";
    static final String UNKNOWN_TRAINER = "(nom du formateur non connu du service de réservation)";

    private AttendanceCertificatePdf() {
    }

    static byte[] render(Certificate certificate, ZoneId zone, Instant issuedAt) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            document.getDocumentInformation().setTitle("Attestation de présence");
            document.getDocumentInformation().setCreator("MécaFormation");
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            var booking = certificate.booking();
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                Lines lines = new Lines(content, 60, 760);
                lines.show(bold, 24, "Attestation de présence", 40);
                lines.show(regular, 12, "MécaFormation atteste que", 20);
                lines.show(bold, 14, certificate.learnerName() == null ? UNKNOWN_LEARNER : certificate.learnerName(), 26);
                lines.show(regular, 12, "a été présent(e) à la séance suivante :", 20);
                lines.show(bold, 13, "Séance : " + capitalised(booking.kind().label()), 18);
                lines.show(regular, 12, "Le " + DAY.format(booking.startsAt().atZone(zone)) + ", de "
                        + TIME.format(booking.startsAt().atZone(zone)) + " à " + TIME.format(booking.endsAt().atZone(zone))
                        + " (heure de " + zone.getId() + ")", 18);
                lines.show(regular, 12, "Soit en temps universel : le " + DAY.format(booking.startsAt().atZone(ZoneOffset.UTC))
                        + ", de " + TIME.format(booking.startsAt().atZone(ZoneOffset.UTC)) + " à "
                        + TIME.format(booking.endsAt().atZone(ZoneOffset.UTC)) + " UTC", 18);
                lines.show(regular, 12, "Formateur : " + (certificate.trainerName() == null ? UNKNOWN_TRAINER
                        : certificate.trainerName()), 18);
                lines.show(regular, 12, "Présence enregistrée le " + MOMENT.format(certificate.recordedAt().atZone(zone))
                        + " (" + zone.getId() + "), soit " + MOMENT.format(certificate.recordedAt().atZone(ZoneOffset.UTC))
                        + " UTC", 18);
                // funders ask how the presence was taken: the trainer's register or the learner's own signature
                lines.show(regular, 12, "Présence " + certificate.recordedBy(), 40);
                lines.show(regular, 9, "Réservation n° " + booking.id(), 12);
                lines.show(regular, 9, "Attestation établie le " + MOMENT.format(issuedAt.atZone(ZoneOffset.UTC))
                        + " UTC d'après le registre d'émargement de MécaFormation.", 12);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String capitalised(String label) {
        return label.isEmpty() ? label : Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** Left-aligned lines down the page, each followed by its own gap. */
    private static final class Lines {
        private final PDPageContentStream content;
        private final float x;
        private float y;

        Lines(PDPageContentStream content, float x, float y) {
            this.content = content;
            this.x = x;
            this.y = y;
        }

        void show(PDType1Font font, float size, String text, float gapAfter) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, y);
            content.showText(printable(text, font));
            content.endText();
            y -= gapAfter;
        }
    }
}
