package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void cleanKeepsPlainTextAndMakesTheRestDrawable() {
        assertEquals("", Cells.clean(null));
        assertEquals("plain text ~", Cells.clean("plain text ~"));
        assertEquals("red and bold", Cells.clean("\u001B[31mred\u001B[0m and \u001B[1;4mbold\u001B[m"));
        assertEquals("title gone", Cells.clean("\u001B]0;window title\u0007title gone"));
        assertEquals("a       b", Cells.clean("a\tb"), "tabs stop every 8 columns");
        assertEquals("中文    x", Cells.clean("中文\tx"), "a wide char counts two columns before a tab");
        assertEquals("crlf", Cells.clean("crlf\r"));
        assertEquals("bell?nul?del?c1?", Cells.clean("bell\u0007nul\u0000del\u007Fc1\u009B"));
        assertEquals("café", Cells.clean("cafe\u0301"), "combining marks compose (NFC)");
        assertEquals("x", Cells.clean("x\u0332\u200B\uFEFF"), "marks that do not compose and invisible format chars go");
        assertEquals("go \uFFFD!", Cells.clean("go \uD83D\uDE80!"), "an emoji is one replacement cell, not two broken halves");
        assertEquals("\uFFFD", Cells.clean("\uD800"), "a lone surrogate too");
        assertEquals("a?b", Cells.clean("a\u2028b"));
    }

    @Test
    void widthAgreesWithLanternaOnEveryChar() {
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            int lanterna = com.googlecode.lanterna.TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
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
