package org.sentistream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sentistream.connect.mastodon.internals.HtmlText;

class HtmlTextTest {

    @Test
    void paragraphsAndBreaks() {
        assertEquals("one\n\ntwo\nthree", HtmlText.toPlainText("<p>one</p><p>two<br>three</p>"));
    }

    @Test
    void entitiesDecoded() {
        assertEquals("a & b <c> \"d\" 'e' é 😀 &unknown;",
                HtmlText.toPlainText("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#233; &#x1F600; &unknown;</p>"));
    }

    @Test
    void linkKeepsFullUrl() {
        String html = "<p>see <a href=\"https://example.org/a/b\"><span class=\"invisible\">https://</span>"
                + "<span class=\"ellipsis\">example.org/a</span><span class=\"invisible\">/b</span></a></p>";
        assertEquals("see https://example.org/a/b", HtmlText.toPlainText(html));
    }

    @Test
    void mentionReplaced() {
        String html = "<p><span class=\"h-card\"><a href=\"https://x.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span> hi"
                + " <a href=\"https://x.example/tags/java\" class=\"mention hashtag\" rel=\"tag\">#<span>Java</span></a></p>";
        assertEquals("@user hi #Java", HtmlText.toPlainText(html));
    }

    @Test
    void sourceNewlinesAreSpaces() {
        assertEquals("a b", HtmlText.toPlainText("<p>a\n   b</p>\n"));
    }
}
