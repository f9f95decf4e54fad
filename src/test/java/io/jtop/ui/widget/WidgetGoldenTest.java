package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.testing.Hostile;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.theme.Themes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each widget drawn through Lanterna into a virtual terminal: the characters match a golden block, the colours the theme. */
class WidgetGoldenTest {

    private static Theme theme;

    @BeforeAll
    static void loadTheme() throws IOException {
        theme = Themes.load("default");
    }

    @Test
    void sparklines() throws IOException {
        try (VirtualScreen s = new VirtualScreen(12, 5)) {
            TextGraphics g = s.graphics();
            double[] cpu = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100, Double.NaN, 5};
            Sparkline.draw(g, 1, 0, Sparkline.plot(cpu, 100, 80, 10, 2, Sparkline.Mode.BLOCK), theme, SemanticKey.GRAPH_CPU);
            Sparkline.draw(g, 1, 2, Sparkline.plot(cpu, 100, 10, 1, Sparkline.Mode.BRAILLE), theme, SemanticKey.GRAPH_CPU);
            Sparkline.draw(g, 1, 3, Sparkline.plot(new double[] {3, 4}, 4, 2, 1, Sparkline.Mode.BRAILLE), theme,
                    SemanticKey.GRAPH_PIDS);
            assertEquals(List.of(
                    " ──▂▃▅▆██──",
                    " ▆███████ ▁",
                    "    ⢀⣀⣤⣴⣾⣿⢀",
                    "  ⣾",
                    ""), s.show());
        }
    }

    @Test
    void meters() throws IOException {
        try (VirtualScreen s = new VirtualScreen(24, 4)) {
            Meter cpu = new Meter("CPU");
            cpu.draw(s.graphics(), 0, 0, 24, theme, 42, 100, null);
            cpu.draw(s.graphics(), 0, 1, 24, theme, 95, 100, null);
            new Meter("Mem").draw(s.graphics(), 0, 2, 24, theme, 768 << 20, 1024 << 20, "768MiB/1GiB");
            cpu.draw(s.graphics(), 0, 3, 5, theme, 100, 100, null);
            assertEquals(List.of(
                    "CPU[||||||||      42.0%]",
                    "CPU[||||||||||||||95.0%]",
                    "Mem[||||||||768MiB/1GiB]",
                    "[|||]"), s.show());
        }
    }

    /** Every piece of the hostile corpus, as a log line: shown escaped, as the CLI shows it. */
    @Test
    void textViewShowsTheHostileCorpusEscaped() throws IOException {
        try (VirtualScreen s = new VirtualScreen(160, 2)) {
            TextView v = new TextView();
            v.setText("search me\n" + Hostile.text());
            v.search("\\xff");
            v.draw(s.graphics(), 0, 0, 160, 2, theme);
            String shown = String.join("\n", s.show());
            Hostile.assertSafe("the UI", shown.getBytes(StandardCharsets.UTF_8));
            assertEquals("line 2/2  /\\xff 1/1", v.status(), "what is shown is what a search finds");
        }
    }

    @Test
    void textView() throws IOException {
        try (VirtualScreen s = new VirtualScreen(24, 4)) {
            TextView v = new TextView();
            v.setText("starting\nERROR: disk\tfull\nretrying\nerror again\nok\n");
            v.draw(s.graphics(), 0, 0, 12, 3, theme);
            v.search("error");
            v.draw(s.graphics(), 0, 0, 12, 3, theme);
            s.graphics().putString(0, 3, v.status());
            assertEquals(List.of(
                    "starting",
                    "ERROR: disk",
                    "retrying",
                    "line 3/5  /error 1/2"), s.show());
            assertEquals(theme.style(SemanticKey.BADGE).background(), s.cell(0, 1).getBackgroundColor(),
                    "the match is highlighted");
            assertEquals(theme.style(SemanticKey.ROW).background(), s.cell(5, 1).getBackgroundColor());

            v.next();
            v.draw(s.graphics(), 0, 0, 12, 3, theme);
            s.graphics().putString(0, 3, v.status());
            assertEquals(List.of(
                    "retrying",
                    "error again",
                    "ok",
                    "line 5/5  /error 2/2"), s.show());
            assertEquals(theme.style(SemanticKey.BADGE).background(), s.cell(4, 1).getBackgroundColor());
            assertEquals(theme.style(SemanticKey.ROW).background(), s.cell(5, 1).getBackgroundColor());
        }
    }

    @Test
    void tableColumns() throws IOException {
        try (VirtualScreen s = new VirtualScreen(80, 3)) {
            Columns.Layout l = Columns.layout(ColumnsTest.TABLE, ColumnsTest.CONTENT, 80);
            l.drawHeader(s.graphics(), 0, 0, theme);
            l.drawRow(s.graphics(), 0, 1, ColumnsTest.ROW, theme, SemanticKey.ROW_SELECTED);
            l.drawRow(s.graphics(), 0, 2, List.of("a1", "db", "postgres:16", "exited"), theme, SemanticKey.ROW);
            assertEquals(List.of(
                    "ID           NAME                    STATE   CPU%           MEM PIDS UPTIME",
                    "3f2a9c0d1e7b web-frontend-production running 42.5 120MiB/512MiB   12  3h05m",
                    "a1           db                      exited"), s.show());
            assertEquals(theme.style(SemanticKey.TABLE_HEADER).background(), s.cell(79, 0).getBackgroundColor(),
                    "the header spans the width");
            assertEquals(theme.style(SemanticKey.ROW_SELECTED).background(), s.cell(12, 1).getBackgroundColor(),
                    "and so does a selected row, gaps included");
        }
    }

    @Test
    void stylesComeFromTheTheme() throws IOException {
        try (VirtualScreen s = new VirtualScreen(20, 3)) {
            TextGraphics g = s.graphics();
            g.setForegroundColor(TextColor.ANSI.BLUE);
            g.enableModifiers(SGR.ITALIC);
            new Meter("CPU").draw(g, 0, 0, 20, theme, 95, 100, null);
            Sparkline.draw(g, 0, 1, Sparkline.plot(new double[] {0, 8}, 8, 4, 2, 1, Sparkline.Mode.BLOCK), theme,
                    SemanticKey.GRAPH_MEMORY);
            s.show();
            Theme.Style critical = theme.style(SemanticKey.METER_CRITICAL);
            TextCharacter bar = s.cell(4, 0);
            assertEquals("|", bar.getCharacterString());
            assertEquals(critical.foreground(), bar.getForegroundColor(), "a meter at 95% is METER_CRITICAL");
            assertEquals(TextColor.ANSI.RED, bar.getForegroundColor(), "red in the default theme");
            assertEquals(critical.sgr(), bar.getModifiers());
            assertEquals(theme.style(SemanticKey.ROW).foreground(), s.cell(0, 0).getForegroundColor(), "the label is ROW");
            assertEquals(theme.style(SemanticKey.ROW).foreground(), s.cell(19, 0).getForegroundColor());
            assertEquals(theme.style(SemanticKey.GRAPH_LIMIT).foreground(), s.cell(0, 1).getForegroundColor());
            assertEquals(theme.style(SemanticKey.GRAPH_MEMORY).foreground(), s.cell(1, 1).getForegroundColor());
            assertEquals(TextColor.ANSI.BLUE, g.getForegroundColor(), "the caller's style is left as it was");
            assertEquals(EnumSet.of(SGR.ITALIC), g.getActiveModifiers());
        }
    }

    @Test
    void drawingOffTheScreenOrWithNothingToDrawIsHarmless() throws IOException {
        try (VirtualScreen s = new VirtualScreen(10, 3)) {
            TextGraphics g = s.graphics();
            double[] v = {1, Double.NaN, 1e308, -1};
            for (int[] at : new int[][] {{-5, -5}, {8, 2}, {100, 100}, {-1, 1}}) {
                Sparkline.draw(g, at[0], at[1], Sparkline.plot(v, 1, 0.5, 6, 4, Sparkline.Mode.BRAILLE), theme,
                        SemanticKey.GRAPH_CPU);
                new Meter("中文").draw(g, at[0], at[1], 12, theme, 1, 2, "x\ty\u0007");
                TextView t = new TextView();
                t.setText("中文\n\u001B[1mbold");
                t.search("~.");
                t.draw(g, at[0], at[1], 7, 5, theme);
                t.draw(g, at[0], at[1], -1, -1, theme);
                Columns.layout(ColumnsTest.TABLE, 14).drawRow(g, at[0], at[1], List.of("中文中文中文中文"), theme, SemanticKey.ROW);
            }
            new Meter("CPU").draw(g, 0, 0, 0, theme, 1, 1, null);
            Sparkline.draw(g, 0, 0, Sparkline.plot(null, 0, 0, 0, Sparkline.Mode.BLOCK), theme, SemanticKey.GRAPH_CPU);
            assertEquals(3, s.show().size());
        }
    }
}
