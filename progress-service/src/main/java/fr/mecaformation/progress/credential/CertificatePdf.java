package fr.mecaformation.progress.credential;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static fr.mecaformation.platform.documents.PdfText.printable;

/**
 * A certificate to print or send: one landscape A4 page with the holder, the course, the date, the certificate id
 * and a QR code (also a link) to its public verification page. The PDF is a convenience; what proves the
 * certificate is the signed credential and the log, which the page checks.
 */
public final class CertificatePdf {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE)
            .withZone(ZoneId.of("Europe/Paris"));
    private static final int QR_MODULE_PIXELS = 8;

    private CertificatePdf() {
    }

    /** @param holderName null when the holder's data was erased or never known */
    public static byte[] render(UUID certificateId, String holderName, String courseTitle, Instant completedAt,
                                boolean revoked, String verificationUrl) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDRectangle landscape = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
            PDPage page = new PDPage(landscape);
            document.addPage(page);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            float width = landscape.getWidth();
            PDImageXObject qr = LosslessFactory.createFromImage(document, qrCode(verificationUrl));
            float qrSize = 150;
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                centred(content, bold, 30, "Certificat de réussite", width, 480);
                centred(content, regular, 14, "MécaFormation certifie que", width, 430);
                centred(content, bold, 24, holderName == null ? "(titulaire non nommé)" : holderName, width, 395);
                centred(content, regular, 14, "a suivi en entier la formation", width, 355);
                centred(content, bold, 20, "« " + courseTitle + " »", width, 322);
                centred(content, regular, 14, "le " + DATE.format(completedAt) + ".", width, 290);
                if (revoked) {
                    centred(content, bold, 16, "CERTIFICAT RÉVOQUÉ", width, 255);
                }
                content.beginText();
                content.setFont(regular, 9);
                content.newLineAtOffset(60, 120);
                content.showText(printable("Certificat n° " + certificateId, regular));
                content.newLineAtOffset(0, -14);
                content.showText(printable("Vérifiez-le sans compte en scannant le code ou sur :", regular));
                content.newLineAtOffset(0, -14);
                content.showText(printable(verificationUrl, regular));
                content.newLineAtOffset(0, -14);
                content.showText(printable("Signé (Ed25519) et inscrit au journal public des certificats de MécaFormation.", regular));
                content.endText();
                content.drawImage(qr, width - 60 - qrSize, 50, qrSize, qrSize);
            }
            PDAnnotationLink link = new PDAnnotationLink();
            link.setRectangle(new PDRectangle(width - 60 - qrSize, 50, qrSize, qrSize));
            PDActionURI action = new PDActionURI();
            action.setURI(verificationUrl);
            link.setAction(action);
            page.getAnnotations().add(link);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage qrCode(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            BufferedImage image = new BufferedImage(matrix.getWidth() * QR_MODULE_PIXELS,
                    matrix.getHeight() * QR_MODULE_PIXELS, BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x / QR_MODULE_PIXELS, y / QR_MODULE_PIXELS) ? 0x000000 : 0xFFFFFF);
                }
            }
            return image;
        } catch (WriterException e) {
            throw new IllegalArgumentException("URL too long for a QR code", e);
        }
    }

    private static void centred(PDPageContentStream content, PDType1Font font, float size, String text, float pageWidth,
                                float y) throws IOException {
        String shown = printable(text, font);
        float textWidth = font.getStringWidth(shown) / 1000 * size;
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(Math.max(30, (pageWidth - textWidth) / 2), y);
        content.showText(shown);
        content.endText();
    }
}
