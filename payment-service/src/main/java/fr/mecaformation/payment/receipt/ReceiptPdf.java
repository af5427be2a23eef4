package fr.mecaformation.payment.receipt;

import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.Vat;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static fr.mecaformation.platform.documents.PdfText.printable;

/** A learner's receipt for one purchase, as a one-page PDF (PDFBox, standard fonts: nothing to embed). */
public final class ReceiptPdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRANCE)
            .withZone(ZoneId.of("Europe/Paris"));

    private ReceiptPdf() {
    }

    public static byte[] render(Purchase purchase, String courseTitle) {
        return render("Reçu n° " + purchase.id(), purchase.paidAt() != null ? purchase.paidAt() : purchase.createdAt(), courseTitle,
                purchase.amountCents(), purchase.refundedCents());
    }

    /** A paid subscription invoice: its Stripe number (or id), the plan, the amount with its VAT. */
    public static byte[] renderInvoice(String number, java.time.Instant paidAt, String title, long amountPaidCents) {
        return render("Facture n° " + number, paidAt, title, amountPaidCents, 0);
    }

    private static byte[] render(String heading, java.time.Instant paidAt, String title, long amountCents, long refundedCents) {
        Vat vat = Vat.ofPriceIncludingTax(amountCents);
        List<String> lines = new ArrayList<>(List.of(
                heading,
                "Payé le " + DATE.format(paidAt),
                "",
                "Achat : " + title,
                "",
                "Montant HT : " + euros(vat.beforeTaxCents()),
                "TVA " + Vat.RATE_PERCENT + " % : " + euros(vat.taxCents()),
                "Montant TTC payé : " + euros(vat.includingTaxCents())));
        if (refundedCents > 0) {
            lines.add("Remboursé : " + euros(refundedCents));
        }
        lines.addAll(List.of("", "Paiement par carte bancaire via Stripe.", "MécaFormation — formation aux métiers de la maintenance automobile"));
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 18);
                content.newLineAtOffset(60, 770);
                content.showText("MécaFormation — Reçu de paiement");
                content.setFont(regular, 11);
                for (String line : lines) {
                    content.newLineAtOffset(0, -20);
                    content.showText(printable(line, regular));
                }
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String euros(long cents) {
        return String.format(Locale.FRANCE, "%d,%02d €", cents / 100, cents % 100);
    }
}
