package dev.jita.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HtmlTest {

    @Test
    void escape_shouldNeutraliseMarkup_whenGivenAScriptTag() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.escape("<script>alert(1)</script>"));
    }

    @Test
    void escape_shouldEscapeBothQuotesAndAmpersand_soAttributeValuesCannotBeClosed() {
        assertEquals("&quot; onmouseover=&#39;x&#39; &amp;amp;", Html.escape("\" onmouseover='x' &amp;"));
    }

    @Test
    void escape_shouldKeepUnicodeAsIs_whenNothingNeedsEscaping() {
        String text = "Zoë 🚀 \u202Eevil\u202C 日本語";
        assertEquals(text, Html.escape(text));
    }

    @Test
    void escape_shouldLeaveNoMarkupCharacter_whateverTheInput() {
        String hostile = "</dd></dl><img src=x onerror=alert(1)><a href=\"javascript:alert('x')\">&#x3C;</a>";
        String escaped = Html.escape(hostile);
        for (char c : new char[]{'<', '>', '"', '\''}) {
            assertFalse(escaped.indexOf(c) >= 0, "left " + c + " in " + escaped);
        }
        assertEquals(hostile, unescape(escaped));
    }

    @Test
    void escape_shouldReturnEmpty_whenNull() {
        assertEquals("", Html.escape(null));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
