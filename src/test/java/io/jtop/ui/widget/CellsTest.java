package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void fitMiddleKeepsBothEndsAndAKubernetesNamesContainerWhole() {
        String k8s = "kube-system/coredns-5d78c9869d-8x2kq/coredns";
        assertEquals(k8s, Cells.fitMiddle(k8s, 44));
        assertEquals("kube-system/coredns-5d78c…/coredns", Cells.fitMiddle(k8s, 34));
        assertEquals("kube-sys…/coredns", Cells.fitMiddle(k8s, 17));
        assertEquals("kube-sy…oredns", Cells.fitMiddle(k8s, 14), "the last part would take over half: halves");
        assertEquals("web-f…end-1", Cells.fitMiddle("web-frontend-1", 11));
        assertEquals("w…", Cells.fitMiddle("web-frontend-1", 2));
        assertEquals("…", Cells.fitMiddle("web-frontend-1", 1));
        assertEquals("", Cells.fitMiddle("web-frontend-1", 0));
        assertEquals("容器…名字", Cells.fitMiddle("容器名字很长的名字", 9), "a wide char is never cut in half");
        assertEquals("\\x1…xx", Cells.fitMiddle("\u001B[2Jxxxxxxxxxx", 6), "escaped before it is shortened");
        for (int w = 1; w <= 50; w++) {
            assertEquals(Math.min(w, 44), Cells.width(Cells.fitMiddle(k8s, w)), "at " + w);
            assertTrue(Cells.width(Cells.fitMiddle("容器名字很长的名字容器名字很长的名字", w)) <= w, "at " + w);
        }
    }

    @Test
    void columnsCountsAnyTextAsATerminalShowsIt() {
        assertEquals(4, Cells.columns("cafe\u0301"), "a combining mark takes no column");
        assertEquals(4, Cells.columns("容器"));
        assertEquals(3, Cells.columns("\uD83D\uDE80x"), "an emoji takes two");
        assertEquals(0, Cells.columns(""));
    }
}
