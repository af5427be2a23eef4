package fr.mecaformation.progress.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoteHtmlTest {

    @Test
    void formatting_stays_and_anything_active_goes() {
        String html = NoteHtml.render("""
                ## Couple de serrage
                **110 N·m** en *croix*, voir [la fiche](https://exemple.fr/fiche).

                <script>alert('vol')</script>
                <img src=x onerror="alert(1)">
                <a href="javascript:alert(2)" onclick="alert(3)">clic</a>

                [piège](javascript:alert(4)) [autre](JaVaScRiPt:alert(5))
                """);
        assertThat(html).contains("<h2>Couple de serrage</h2>", "<strong>110 N·m</strong>", "<em>croix</em>",
                "href=\"https://exemple.fr/fiche\"");
        assertThat(html.toLowerCase()).doesNotContain("<script", "alert('vol')", "onerror", "onclick", "javascript:", "<img");
    }
}
