package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.ui.theme.SemanticKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextViewTest {

    private static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("line " + i);
        }
        return out;
    }

    private static TextView view(List<String> lines, int width, int height) {
        TextView v = new TextView();
        v.setViewport(width, height);
        v.setLines(lines);
        return v;
    }

    /** A row as text with highlighted parts in [brackets]. */
    private static String marked(TextView v, int r) {
        StringBuilder b = new StringBuilder();
        int width = 0;
        for (Span s : v.row(r)) {
            width += Cells.width(s.text());
            b.append(s.style() == SemanticKey.BADGE ? "[" + s.text() + "]" : s.text());
        }
        assertEquals(v.width(), width, "row " + r + " covers the width");
        return b.toString();
    }

    private static List<String> screen(TextView v) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < v.height(); r++) {
            out.add(marked(v, r));
        }
        return out;
    }

    @Test
    void anEmptyViewIsBlankAndEveryMoveIsHarmless() {
        TextView v = view(List.of(), 6, 2);
        assertEquals(List.of("      ", "      "), screen(v));
        assertEquals("line 0/0", v.status());
        v.scrollDown(5);
        v.scrollUp(5);
        v.pageDown();
        v.pageUp();
        v.scrollRight(3);
        v.scrollLeft(3);
        v.end();
        v.home();
        assertFalse(v.next());
        assertFalse(v.previous());
        v.search("x");
        assertEquals("line 0/0  /x -/0", v.status());
        assertEquals(0, v.top());
        assertEquals(0, v.left());
    }

    @Test
    void zeroAndNegativeViewports() {
        TextView v = view(numbered(3), -4, -1);
        assertEquals(0, v.width());
        assertEquals(0, v.height());
        assertEquals(List.of(), v.rows());
        assertEquals(List.of(), v.row(0));
        v.pageDown();
        v.end();
        assertEquals("line 3/3  follow", v.status());
        v.setViewport(0, 2);
        assertEquals(List.of(), v.row(0), "no width: no cells");
    }

    @Test
    void textIsSplitIntoCleanLines() {
        TextView v = new TextView();
        v.setText("{\n  \"a\": 1\r\n}\n");
        assertEquals(List.of("{", "  \"a\": 1", "}"), v.lines());
        v.setText("");
        assertEquals(0, v.lineCount());
        v.setText(null);
        assertEquals(0, v.lineCount());
        v.append(null);
        v.append("");
        v.append("\u001B[31mred\u001B[0m\tx");
        v.append("two\nlines");
        assertEquals(List.of("", "", "\\x1b[31mred\\x1b[0m      x", "two", "lines"), v.lines(),
                "an escape sequence is shown, as the CLI shows it");
        v.appendAll(null);
        v.setLines(null);
        assertEquals(0, v.lineCount());
    }

    @Test
    void scrollingStaysInsideTheText() {
        TextView v = view(numbered(100), 10, 5);
        assertEquals(List.of("line 1    ", "line 2    ", "line 3    ", "line 4    ", "line 5    "), screen(v));
        assertEquals("line 5/100", v.status(), "the last line in view");
        v.scrollDown(3);
        assertEquals(3, v.top());
        v.scrollDown(1000);
        assertEquals(95, v.top());
        assertEquals("line 100", marked(v, 4).trim());
        v.scrollUp(1000);
        assertEquals(0, v.top());
        v.pageDown();
        assertEquals(4, v.top(), "a page keeps one line of context");
        v.pageUp();
        assertEquals(0, v.top());
        v.scrollDown(Integer.MAX_VALUE);
        assertEquals(95, v.top());
        v.scrollUp(-3);
        v.scrollDown(-3);
        assertEquals(95, v.top(), "negative steps do nothing");
        v.home();
        assertEquals(0, v.top());
        assertFalse(v.isFollowing());
    }

    @Test
    void followSticksToTheEndUntilScrolledUpAndComesBackWithEnd() {
        TextView v = view(numbered(10), 10, 4);
        assertFalse(v.isFollowing(), "off until asked");
        v.end();
        assertTrue(v.isFollowing());
        assertEquals(6, v.top());
        assertEquals("line 10/10  follow", v.status());
        v.append("line 11");
        v.appendAll(List.of("line 12", "line 13"));
        assertEquals(9, v.top());
        assertEquals("line 13", marked(v, 3).trim());

        v.scrollUp(1);
        assertFalse(v.isFollowing());
        assertEquals(8, v.top());
        v.append("line 14");
        assertEquals(8, v.top(), "not following: the view stays");
        v.scrollDown(100);
        assertFalse(v.isFollowing(), "scrolling down to the end does not turn following on");
        v.append("line 15");
        assertEquals(10, v.top());

        v.end();
        v.append("line 16");
        assertEquals(12, v.top());
        assertEquals("line 16/16  follow", v.status());
        v.setViewport(10, 2);
        assertEquals(14, v.top(), "a resize keeps the end in view");
        v.setFollow(false);
        v.setViewport(10, 6);
        assertEquals(10, v.top(), "not following: a resize only clamps");
        v.setFollow(true);
        assertEquals(10, v.top());
        assertTrue(v.isFollowing());
        v.pageUp();
        assertFalse(v.isFollowing());
    }

    @Test
    void longLinesScrollSideways() {
        TextView v = view(List.of("0123456789abcdef", "short"), 5, 2);
        v.scrollRight(3);
        assertEquals(List.of("34567", "rt   "), screen(v));
        assertEquals("line 2/2  col 4", v.status());
        v.scrollRight(100);
        assertEquals(11, v.left(), "no further than the end of the widest line");
        assertEquals("bcdef", marked(v, 0));
        v.scrollLeft(100);
        assertEquals(0, v.left());
        v.scrollRight(2);
        v.home();
        assertEquals(0, v.left());
        v.setViewport(40, 2);
        assertEquals(0, v.left());
    }

    @Test
    void wideCharsCutByAnEdgeShowAsBlanks() {
        TextView v = view(List.of("中文abc"), 4, 1);
        v.scrollRight(1);
        assertEquals(" 文a", marked(v, 0));
        v.setViewport(3, 1);
        v.scrollLeft(1);
        assertEquals("中 ", marked(v, 0));
    }

    @Test
    void searchIsCaseInsensitiveHighlightsEveryMatchAndCycles() {
        TextView v = view(List.of("an Error here", "fine", "error error", "ERR"), 15, 4);
        v.search("error");
        assertEquals(3, v.matches().size());
        assertEquals(new TextView.Match(0, 3, 8), v.matches().get(0));
        assertEquals(0, v.currentMatch());
        assertEquals("line 4/4  /error 1/3", v.status());
        assertEquals(List.of("an [Error] here  ", "fine" + " ".repeat(11), "[error] [error]    ", "ERR" + " ".repeat(12)),
                screen(v));
        assertTrue(v.next());
        assertEquals("line 4/4  /error 2/3", v.status());
        v.next();
        v.next();
        assertEquals(0, v.currentMatch(), "wraps after the last");
        v.previous();
        assertEquals(2, v.currentMatch(), "and before the first");
        v.clearSearch();
        assertEquals("line 4/4", v.status());
        assertEquals("an Error here  ", marked(v, 0));
        assertEquals(-1, v.currentMatch());
    }

    @Test
    void aTildeQueryIsARegexAndABadOneIsLiteral() {
        TextView v = view(List.of("an Error here", "ERR [x]", "error: errors", "~home"), 20, 4);
        v.search("~err(or)?\\b");
        assertEquals(List.of(new TextView.Match(0, 3, 8), new TextView.Match(1, 0, 3), new TextView.Match(2, 0, 5)),
                v.matches(), "errors has no word end after err or error");
        assertFalse(v.isBadRegex());
        v.search("~[x");
        assertTrue(v.isBadRegex());
        assertEquals(List.of(new TextView.Match(1, 4, 6)), v.matches());
        assertEquals("line 4/4  /~[x 1/1 (not a regex: literal)", v.status());
        v.search("~");
        assertEquals(List.of(new TextView.Match(3, 0, 1)), v.matches(), "a lone ~ is itself");
        v.search("~~h");
        assertEquals(List.of(new TextView.Match(3, 0, 2)), v.matches());
        v.search("~x*");
        assertEquals(List.of(new TextView.Match(1, 5, 6)), v.matches(), "empty matches are ignored");
        v.search("~^");
        assertEquals(List.of(), v.matches());
        assertFalse(v.next());
        assertEquals("line 4/4  /~^ -/0", v.status());
        v.search("[x]");
        assertEquals(1, v.matches().size(), "without ~ brackets are plain text");
    }

    @Test
    void searchMovesTheViewportToTheMatch() {
        List<String> lines = numbered(100);
        lines.set(69, "the needle");
        TextView v = view(lines, 20, 10);
        v.search("NEEDLE");
        assertEquals(69, v.top(), "the match line goes to the top");
        assertEquals(1, v.currentMatch() + 1);

        lines.set(96, "the needle again");
        v.setLines(lines);
        v.end();
        v.search("needle");
        assertEquals(69, v.matches().get(0).line());
        assertEquals(96, v.matches().get(v.currentMatch()).line(), "from the top of the view on");
        assertEquals(90, v.top(), "already in view: no move");
        assertTrue(v.isFollowing(), "still at the end: still following");
        v.next();
        assertEquals(69, v.top());
        assertFalse(v.isFollowing(), "a jump up stops following");
    }

    @Test
    void withoutACurrentMatchNextAndPreviousStartFromTheViewport() {
        List<String> lines = numbered(100);
        for (int i : new int[] {2, 50, 80}) {
            lines.set(i, "hit " + i);
        }
        TextView v = view(lines, 20, 5);
        v.scrollDown(60);
        v.search("hit");
        assertEquals(80, v.matches().get(v.currentMatch()).line(), "search: the first match at or after the top");
        assertEquals(80, v.top());

        v.scrollUp(20);
        v.setLines(lines); // new text: the search stays, with no current match
        assertEquals(-1, v.currentMatch());
        assertEquals(60, v.top());
        assertTrue(v.previous());
        assertEquals(50, v.matches().get(v.currentMatch()).line(), "previous: the last match above the top");

        v.scrollDown(100);
        v.setLines(lines);
        v.next();
        assertEquals(2, v.matches().get(v.currentMatch()).line(), "nothing at or below the top: wraps to the first");

        v.home();
        v.setLines(lines);
        v.previous();
        assertEquals(80, v.matches().get(v.currentMatch()).line(), "nothing above the top: wraps to the last");
    }

    @Test
    void aMatchOutOfViewSidewaysIsBroughtIn() {
        String longLine = "x".repeat(100) + "target" + "y".repeat(50);
        TextView v = view(List.of(longLine, "a target near"), 20, 2);
        v.search("target");
        assertEquals(95, v.left(), "a quarter of the width before the match");
        assertEquals("xxxxx[target]yyyyyyyyy", marked(v, 0));
        v.next();
        assertEquals(0, v.left(), "a match that fits from column 0 shows from there");
    }

    @Test
    void appendedLinesAreSearchedToo() {
        TextView v = view(List.of("error 1"), 20, 3);
        v.search("error");
        v.append("ok");
        v.append("error 2");
        assertEquals(2, v.matches().size());
        assertEquals("line 3/3  /error 1/2", v.status());
        assertEquals("[error] 2" + " ".repeat(13), marked(v, 2));
    }

    @Test
    void aCappedViewDropsTheOldestLinesAndKeepsItsPlace() {
        TextView v = new TextView(8);
        v.setViewport(10, 3);
        v.search("7");
        for (String l : numbered(8)) {
            v.append(l);
        }
        assertEquals(8, v.lineCount());
        v.next();
        assertEquals(new TextView.Match(6, 5, 6), v.matches().get(v.currentMatch()));
        v.append("line 9");
        assertEquals(List.of("line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9"), v.lines(),
                "over the cap: the oldest eighth (at least 1) goes too");
        assertEquals(new TextView.Match(4, 5, 6), v.matches().get(v.currentMatch()), "the current match moved with its line");
        assertEquals(3, v.top(), "the view stays on the same text");
        assertEquals("line 6", v.lines().get(v.top()));
        for (int i = 10; i <= 40; i++) {
            v.append("line " + i);
            assertTrue(v.lineCount() <= 8);
        }
        assertEquals("line 40", v.lines().get(v.lineCount() - 1));
        assertEquals(-1, v.currentMatch(), "its line was dropped");
        assertEquals(List.of(new TextView.Match(v.lines().indexOf("line 37"), 6, 7)), v.matches());
        TextView one = new TextView(0);
        one.append("a");
        one.append("b");
        assertEquals(List.of("b"), one.lines(), "a cap below 1 is 1");
    }

    @Test
    void tooManyMatchesAreCut() {
        TextView v = view(List.of("a".repeat(TextView.MAX_MATCHES + 5)), 10, 1);
        v.search("a");
        assertEquals(TextView.MAX_MATCHES, v.matches().size());
        assertEquals("line 1/1  /a 1/100000+", v.status());
    }

    @Test
    void rowsOutsideTheViewportAreBlank() {
        TextView v = view(List.of("abc"), 4, 2);
        assertEquals(List.of(new Span("    ", SemanticKey.ROW)), v.row(-1));
        assertEquals(List.of(new Span("    ", SemanticKey.ROW)), v.row(2));
        assertEquals(List.of(new Span("    ", SemanticKey.ROW)), v.row(1), "past the text");
        assertEquals(List.of(new Span("abc", SemanticKey.ROW), new Span(" ", SemanticKey.ROW)), v.row(0));
        assertEquals(2, v.rows().size());
    }
}
