package fr.mecaformation.platform.documents;

import org.apache.pdfbox.pdmodel.font.PDFont;

import java.io.IOException;

/** Text as the PDFs the platform writes (receipts, certificates) can show it. */
public final class PdfText {

    private PdfText() {
    }

    /**
     * The standard PDF fonts cover Western European text; a character they can't encode (a name in another script,
     * an emoji in a title) is shown as "?" rather than failing the whole document.
     */
    public static String printable(String text, PDFont font) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(codePoint -> {
            String character = new String(Character.toChars(codePoint));
            try {
                font.encode(character);
                shown.append(character);
            } catch (IOException | IllegalArgumentException notInFont) {
                shown.append('?');
            }
        });
        return shown.toString();
    }
}
