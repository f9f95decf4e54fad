package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.googlecode.lanterna.TerminalTextUtils;

class CellsTest {

    @Test
    void cleanKeepsPlainTextAndMakesTheRestDrawable() {
        assertEquals("", Cells.clean(null));
        assertEquals("plain text ~", Cells.clean("plain text ~"));
        assertEquals("\\x1b[31mred\\x1b[0m", Cells.clean("\u001B[31mred\u001B[0m"), "escapes are shown, not obeyed");
        assertEquals("\\x1b]0;PWN\\x07 \\x1b[2J", Cells.clean("\u001B]0;PWN\u0007 \u001B[2J"));
        assertEquals("a       b", Cells.clean("a\tb"), "tabs stop every 8 columns");
        assertEquals("中文    x", Cells.clean("中文\tx"), "a wide char counts two columns before a tab");
        assertEquals("crlf\\x0d", Cells.clean("crlf\r"));
        assertEquals("nul\\x00del\\x7fc1\\u009b raw\\x9b nl\\x0a", Cells.clean("nul\u0000del\u007Fc1\u009B raw\uDC9B nl\n"));
        assertEquals("\\u202etxt \\xff\\xfe a\\u2028b", Cells.clean("\u202Etxt \uDCFF\uDCFE a\u2028b"),
                "bidi controls, bytes that are not UTF-8 and separators are shown as the CLI shows them");
        assertEquals("C:\\dir \\\\x", Cells.clean("C:\\dir \\x"), "a backslash is doubled only where it would mislead");
        assertEquals("\\u202e\\x0a", Cells.clean("\u202E\u0301\n"), "a combining mark never joins an escape");
        assertEquals("café", Cells.clean("cafe\u0301"), "combining marks compose (NFC)");
        assertEquals("x", Cells.clean("x\u0332\u200B\uFEFF"), "marks that do not compose and invisible format chars go");
        assertEquals("go \uFFFD!", Cells.clean("go \uD83D\uDE80!"), "an emoji is one replacement cell, not two broken halves");
        assertEquals("\uFFFD", Cells.clean("\uD800"), "a lone surrogate too");
    }

    @Test
    void widthAgreesWithLanternaOnEveryChar() {
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            int lanterna = TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
            assertEquals(lanterna, Cells.width(c), () -> String.format("U+%04X", (int) c));
        }
    }

    @Test
    void widthCountsWideCharsTwice() {
        assertEquals(0, Cells.width(""));
        assertEquals(3, Cells.width("abc"));
        assertEquals(5, Cells.width("中文x"));
        assertEquals(1, Cells.width("…"));
    }

    @Test
    void fitCutsWithAnEllipsisAndNeverHalvesAWideChar() {
        assertEquals("hello", Cells.fit("hello", 5));
        assertEquals("hell…", Cells.fit("hello!", 5));
        assertEquals("…", Cells.fit("hello", 1));
        assertEquals("", Cells.fit("hello", 0));
        assertEquals("", Cells.fit("hello", -3));
        assertEquals("", Cells.fit(null, 4));
        assertEquals("中文…", Cells.fit("中文字", 5));
        assertEquals("中…", Cells.fit("中文字", 4));
        assertEquals("…", Cells.fit("中文字", 2));
    }
}
