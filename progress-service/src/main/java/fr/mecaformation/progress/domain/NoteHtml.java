package fr.mecaformation.progress.domain;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * Notes are kept as the markdown the learner typed and rendered when read: commonmark to HTML, then jsoup's safelist
 * keeps only text formatting and http(s)/mailto links — no script, no event handler, no {@code javascript:} URL,
 * no image (which could call out to anyone's server).
 */
public final class NoteHtml {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().sanitizeUrls(true).build();
    private static final Safelist SAFE = Safelist.basic().addTags("h1", "h2", "h3", "h4", "h5", "h6", "hr");

    private NoteHtml() {
    }

    public static String render(String markdown) {
        return Jsoup.clean(RENDERER.render(PARSER.parse(markdown == null ? "" : markdown)), SAFE).strip();
    }
}
