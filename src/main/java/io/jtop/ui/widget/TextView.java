package io.jtop.ui.widget;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A scrollable text, for the logs view and the config/inspect text: lines that can grow, a
 * viewport, following the end, and search with highlighted matches.
 *
 * <p>It stays one class of about 500 lines: the viewport, follow mode and search all move the same
 * top row and cursor, and each rule below is about how they interact.
 *
 * <p>Design: long lines scroll sideways rather than wrap, so one line is one row, a line number is
 * a row number and a match never spans two rows. Lines are {@link Cells#clean cleaned} as they come
 * in (a log's colour escapes and tabs), so match positions are positions in what is drawn.
 *
 * <p>Follow mode keeps the end in view as lines are appended; scrolling up or jumping to a match
 * above the end turns it off, {@link #end()} turns it back on, scrolling down does not.
 *
 * <p>Search is a case-insensitive substring, or a case-insensitive regular expression when the
 * query starts with {@value #REGEX_MARKER} (e.g. {@code ~err(or)?\b}); a {@code ~} query that does
 * not compile is searched as the literal text after the {@code ~}. Empty matches are ignored.
 *
 * <p>Holds at most {@code maxLines}; when full, the oldest eighth is dropped at once, so appending
 * stays cheap. Not thread-safe: the UI thread owns it, as it owns all drawing.
 */
public final class TextView {

    /** A query starting with this is a regular expression. */
    public static final char REGEX_MARKER = '~';
    public static final int DEFAULT_MAX_LINES = 100_000;
    /** Matches beyond this many are not collected (the status shows {@code 100000+}). */
    public static final int MAX_MATCHES = 100_000;
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private final int maxLines;
    private final List<String> lines = new ArrayList<>();
    private int widest;
    private int width;
    private int height;
    private int top;
    private int left;
    private boolean follow;

    private String query = "";
    private Pattern pattern;
    private boolean badRegex;
    private final List<Match> matches = new ArrayList<>();
    private boolean matchesCut;
    private int current = -1;

    /** One match: a line index and the char range [start, end) in the (clean) line. */
    public record Match(int line, int start, int end) {
    }

    public TextView() {
        this(DEFAULT_MAX_LINES);
    }

    /** A view holding at most {@code maxLines} lines (at least 1). */
    public TextView(int maxLines) {
        this.maxLines = Math.max(1, maxLines);
    }

    // ---- content

    /** Replaces the text by these lines; the search stays, its current match is forgotten. */
    public void setLines(List<String> newLines) {
        lines.clear();
        widest = 0;
        current = -1;
        matches.clear();
        matchesCut = false;
        appendAll(newLines == null ? List.of() : newLines);
        clamp();
    }

    /** Replaces the text by the lines of a string (split at line breaks; a final one ends the last line; empty is no line). */
    public void setText(String text) {
        setLines(split(text));
    }

    /** Appends one line (null is an empty line); line breaks in it make several lines. */
    public void append(String line) {
        appendAll(Collections.singletonList(line));
    }

    /** Appends lines; each may hold line breaks. */
    public void appendAll(List<String> more) {
        if (more == null) {
            return;
        }
        for (String s : more) {
            String[] parts = s == null ? new String[] {""} : hasLineBreak(s) ? LINE_BREAK.split(s, -1) : new String[] {s};
            for (String part : parts) {
                String c = Cells.clean(part);
                lines.add(c);
                widest = Math.max(widest, Cells.width(c));
                find(lines.size() - 1);
            }
        }
        if (lines.size() > maxLines) {
            drop(lines.size() - maxLines + maxLines / 8);
        }
        clamp();
    }

    /** Whether {@code s} holds a character {@link #LINE_BREAK} matches: a log line seldom does, and a split costs a regex. */
    private static boolean hasLineBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\n' && c <= '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** Lines of a text: none for null or empty; a final line break ends the last line rather than starting one. */
    private static List<String> split(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(LINE_BREAK.split(text.replaceFirst("\\R\\z", ""), -1));
    }

    /** Drops the oldest n lines, keeping the viewport on the same text and the current match if it stays. */
    private void drop(int n) {
        n = Math.min(n, lines.size());
        Match was = current >= 0 ? matches.get(current) : null;
        lines.subList(0, n).clear();
        top = Math.max(0, top - n);
        widest = 0;
        for (String l : lines) {
            widest = Math.max(widest, Cells.width(l));
        }
        matches.clear();
        matchesCut = false;
        current = -1;
        for (int i = 0; i < lines.size() && pattern != null; i++) {
            find(i);
        }
        if (was != null) {
            current = matches.indexOf(new Match(was.line() - n, was.start(), was.end()));
        }
    }

    public int lineCount() {
        return lines.size();
    }

    /** The lines held, cleaned; read-only. */
    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    // ---- viewport and scrolling

    /** Sets the viewport's size in cells (negative counts as 0); {@link #draw} sets it too. */
    public void setViewport(int width, int height) {
        this.width = Math.max(0, width);
        this.height = Math.max(0, height);
        clamp();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Index of the first line in view. */
    public int top() {
        return top;
    }

    /** First column in view (horizontal scroll). */
    public int left() {
        return left;
    }

    public boolean isFollowing() {
        return follow;
    }

    /** Turns following on (as {@link #end()}) or off (leaving the viewport where it is). */
    public void setFollow(boolean on) {
        if (on) {
            end();
        } else {
            follow = false;
        }
    }

    /** Scrolls towards the start by n lines; turns following off. */
    public void scrollUp(int n) {
        if (n > 0) {
            follow = false;
            top = Math.max(0, top - n);
        }
    }

    /** Scrolls towards the end by n lines, stopping with the last line at the bottom. */
    public void scrollDown(int n) {
        if (n > 0) {
            top = (int) Math.min((long) top + n, maxTop());
        }
    }

    /** One page up: the viewport's height less one line kept for context (at least 1). */
    public void pageUp() {
        scrollUp(page());
    }

    public void pageDown() {
        scrollDown(page());
    }

    /** The first line, at column 0; following off. */
    public void home() {
        follow = false;
        top = 0;
        left = 0;
    }

    /** The last line at the bottom; following on. */
    public void end() {
        follow = true;
        top = maxTop();
    }

    public void scrollLeft(int n) {
        if (n > 0) {
            left = Math.max(0, left - n);
        }
    }

    /** Scrolls right by n columns, no further than showing the end of the widest line. */
    public void scrollRight(int n) {
        if (n > 0) {
            left = (int) Math.min((long) left + n, maxLeft());
        }
    }

    private int page() {
        return Math.max(1, height - 1);
    }

    private int maxTop() {
        return Math.max(0, lines.size() - height);
    }

    private int maxLeft() {
        return Math.max(0, widest - width);
    }

    private void clamp() {
        top = follow ? maxTop() : Math.min(top, maxTop());
        left = Math.min(left, maxLeft());
    }

    // ---- search

    /**
     * Searches for a query (see the class comment for its syntax) and moves to the first match at
     * or after the top of the viewport, wrapping to the start; null or empty clears the search.
     */
    public void search(String q) {
        query = q == null ? "" : q;
        pattern = null;
        badRegex = false;
        matches.clear();
        matchesCut = false;
        current = -1;
        if (query.isEmpty()) {
            return;
        }
        int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        if (query.length() > 1 && query.charAt(0) == REGEX_MARKER) {
            try {
                pattern = Pattern.compile(query.substring(1), flags);
            } catch (PatternSyntaxException e) {
                badRegex = true;
                pattern = Pattern.compile(Pattern.quote(query.substring(1)), flags);
            }
        } else {
            pattern = Pattern.compile(Pattern.quote(query), flags);
        }
        for (int i = 0; i < lines.size(); i++) {
            find(i);
        }
        next();
    }

    /** Clears the search and its highlights. */
    public void clearSearch() {
        search(null);
    }

    private void find(int line) {
        if (pattern == null || matchesCut) {
            return;
        }
        Matcher m = pattern.matcher(lines.get(line));
        while (m.find()) {
            if (m.end() > m.start()) {
                if (matches.size() == MAX_MATCHES) {
                    matchesCut = true;
                    return;
                }
                matches.add(new Match(line, m.start(), m.end()));
            }
        }
    }

    /** The query as given, or empty. */
    public String query() {
        return query;
    }

    /** Whether the query is a {@code ~} regex that did not compile and is searched literally. */
    public boolean isBadRegex() {
        return badRegex;
    }

    /** All matches in text order (at most {@value #MAX_MATCHES}); read-only. */
    public List<Match> matches() {
        return Collections.unmodifiableList(matches);
    }

    /** Index in {@link #matches()} of the current match, or -1. */
    public int currentMatch() {
        return current;
    }

    /**
     * Moves to the next match (the first at or after the viewport's top when none is current),
     * wrapping at the end; false when there is none.
     */
    public boolean next() {
        if (matches.isEmpty()) {
            return false;
        }
        if (current < 0) {
            current = 0;
            while (current < matches.size() && matches.get(current).line() < top) {
                current++;
            }
            current %= matches.size();
        } else {
            current = (current + 1) % matches.size();
        }
        reveal(matches.get(current));
        return true;
    }

    /**
     * Moves to the previous match (the last above the viewport's top when none is current), wrapping
     * at the start; false when there is none.
     */
    public boolean previous() {
        if (matches.isEmpty()) {
            return false;
        }
        if (current < 0) {
            current = matches.size() - 1;
            while (current > 0 && matches.get(current).line() >= top) {
                current--;
            }
            if (matches.get(current).line() >= top) {
                current = matches.size() - 1;
            }
        } else {
            current = (current - 1 + matches.size()) % matches.size();
        }
        reveal(matches.get(current));
        return true;
    }

    /**
     * Brings a match into view: a line out of view goes to the top (or as near as the end allows,
     * which keeps following on); a match out of view sideways starts a quarter of the width in.
     */
    private void reveal(Match m) {
        if (m.line() < top || m.line() >= top + height) {
            top = Math.min(m.line(), maxTop());
            follow = follow && top == maxTop();
        }
        String l = lines.get(m.line());
        int start = Cells.width(l.substring(0, m.start()));
        int end = Cells.width(l.substring(0, m.end()));
        if (start < left || end > left + width) {
            left = end <= width ? 0 : Math.max(0, Math.min(start - width / 4, maxLeft()));
        }
    }

    // ---- rendering

    /**
     * Row r of the viewport as spans covering exactly its width: text in ROW, matches in BADGE; a
     * row past the text is blank, and so is any row outside the viewport.
     */
    public List<Span> row(int r) {
        List<Span> out = new ArrayList<>();
        if (width == 0) {
            return out;
        }
        int index = top + r;
        if (r < 0 || r >= height || index >= lines.size()) {
            out.add(new Span(" ".repeat(width), SemanticKey.ROW));
            return out;
        }
        String line = lines.get(index);
        int m = firstMatchOn(index);
        StringBuilder run = new StringBuilder();
        SemanticKey runStyle = SemanticKey.ROW;
        int col = 0;
        int shown = 0;
        for (int i = 0; i < line.length() && shown < width; i++) {
            char c = line.charAt(i);
            int w = Cells.width(c);
            while (m >= 0 && m < matches.size() && matches.get(m).line() == index && matches.get(m).end() <= i) {
                m++;
            }
            boolean hit = m >= 0 && m < matches.size() && matches.get(m).line() == index && matches.get(m).start() <= i;
            SemanticKey style = hit ? SemanticKey.BADGE : SemanticKey.ROW;
            int from = Math.max(col, left);
            int to = Math.min(col + w, left + width);
            col += w;
            if (to <= from) {
                continue;
            }
            if (style != runStyle && run.length() > 0) {
                out.add(new Span(run.toString(), runStyle));
                run.setLength(0);
            }
            runStyle = style;
            // a wide char cut by an edge shows as blanks
            run.append(to - from == w ? String.valueOf(c) : " ".repeat(to - from));
            shown += to - from;
        }
        if (run.length() > 0) {
            out.add(new Span(run.toString(), runStyle));
        }
        if (shown < width) {
            out.add(new Span(" ".repeat(width - shown), SemanticKey.ROW));
        }
        return out;
    }

    /** All rows of the viewport, top first. */
    public List<List<Span>> rows() {
        List<List<Span>> out = new ArrayList<>(height);
        for (int r = 0; r < height; r++) {
            out.add(row(r));
        }
        return out;
    }

    private int firstMatchOn(int line) {
        int lo = 0;
        int hi = matches.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (matches.get(mid).line() < line) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < matches.size() && matches.get(lo).line() == line ? lo : -1;
    }

    /**
     * Where the view is, e.g. {@code line 120/450  follow  col 41  /error 3/17}: the last line in
     * view of all lines, following, the first column when scrolled sideways, and the query with the
     * current match ({@code -} when none) of all matches.
     */
    public String status() {
        int bottom = lines.isEmpty() ? 0 : Math.min(lines.size(), top + Math.max(1, height));
        StringBuilder b = new StringBuilder();
        b.append("line ").append(bottom).append('/').append(lines.size());
        if (follow) {
            b.append("  follow");
        }
        if (left > 0) {
            b.append("  col ").append(left + 1);
        }
        if (!query.isEmpty()) {
            b.append("  /").append(query).append(' ') // cleaned where the status is drawn
                    .append(current < 0 ? "-" : Integer.toString(current + 1)).append('/')
                    .append(matches.size()).append(matchesCut ? "+" : "");
            if (badRegex) {
                b.append(" (not a regex: literal)");
            }
        }
        return b.toString();
    }

    /** Sets the viewport to width × height and draws the rows with their top-left at (column, row). */
    public void draw(TextGraphics g, int column, int row, int width, int height, Theme theme) {
        setViewport(width, height);
        for (int r = 0; r < this.height; r++) {
            Cells.put(g, column, row + r, row(r), theme);
        }
    }
}
