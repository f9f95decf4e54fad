package io.jtop.ui.widget;

import static io.jtop.ui.widget.Sparkline.Mode.BLOCK;
import static io.jtop.ui.widget.Sparkline.Mode.BRAILLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {

    private static final double NaN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static List<String> block(double max, int width, int height, double... values) {
        return Sparkline.plot(values, max, width, height, BLOCK).rows();
    }

    private static List<String> braille(double max, int width, int height, double... values) {
        return Sparkline.plot(values, max, width, height, BRAILLE).rows();
    }

    /** A string of braille cells from their dot bits. */
    private static String dots(int... bits) {
        StringBuilder b = new StringBuilder();
        for (int d : bits) {
            b.append(d == 0 ? ' ' : (char) (0x2800 + d));
        }
        return b.toString();
    }

    @Test
    void blockModeHasEightLevelsPerCellNewestAtTheRight() {
        assertEquals(List.of(" ▁▄█"), block(8, 4, 1, 0, 1, 4, 8));
        assertEquals(List.of("  █"), block(8, 3, 1, 8), "too few samples leave the left empty");
        assertEquals(List.of("▁▂"), block(8, 2, 1, 8, 8, 1, 2), "too many: only the newest show");
        assertEquals(List.of("▁▂▃▄▅▆▇█"), block(8, 8, 1, 1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void blockModeStacksRowsWhenTaller() {
        assertEquals(List.of("  ▄█", "▄███"), block(16, 4, 2, 4, 8, 12, 16));
        assertEquals(List.of(" ", " ", "▄"), block(24, 1, 3, 4));
    }

    @Test
    void gapsClampsAndTinyValues() {
        assertEquals(List.of("█ █"), block(8, 3, 1, 8, NaN, 8), "NaN is a gap");
        assertEquals(List.of("█  "), block(10, 3, 1, 1000, -5, 0), "above max clamps, negative and zero are empty");
        assertEquals(List.of("▁"), block(100, 1, 1, 0.001), "any activity shows");
        assertEquals(List.of("█ "), block(8, 2, 1, INF, Double.NEGATIVE_INFINITY));
        assertEquals(List.of("█▄"), block(Double.MAX_VALUE, 2, 1, Double.MAX_VALUE, Double.MAX_VALUE / 2));
        assertEquals(List.of("█"), block(Double.MIN_VALUE, 1, 1, 1));
    }

    @Test
    void aMaxThatIsNoScaleMeansTheLargestValueShown() {
        for (double max : new double[] {NaN, 0, -1, INF}) {
            assertEquals(List.of("▄█"), block(max, 2, 1, 100, 2, 4), "max " + max);
        }
        assertEquals(List.of("  "), block(NaN, 2, 1, 0, 0));
        assertEquals(List.of("  "), block(NaN, 2, 1, INF, NaN), "no finite value: nothing to scale by");
    }

    @Test
    void brailleCellsHoldTwoSamplesOfFourDots() {
        // left column dots bottom-up 7,3,2,1 (0x40,0x04,0x02,0x01), right 8,6,5,4 (0x80,0x20,0x10,0x08)
        assertEquals(List.of(dots(0x40 | 0x80 | 0x20, 0x40 | 0x04 | 0x02 | 0xB8)), braille(4, 2, 1, 1, 2, 3, 4));
        assertEquals(List.of("⣠⣾"), braille(4, 2, 1, 1, 2, 3, 4));
        assertEquals(List.of("⢸"), braille(4, 1, 1, 4), "an odd sample sits in the right column");
        assertEquals(List.of(" ", "⣿"), braille(8, 1, 2, 4, 4), "bottom row full, top empty");
        assertEquals(List.of("⣿⡇"), braille(4, 2, 1, 4, 4, 4, NaN), "a gap leaves its column empty");
        assertEquals(List.of(" "), braille(4, 1, 1, 0, 0));
    }

    @Test
    void brailleAcrossRows() {
        // height 2 → 8 dots; 6 of 8 fills the bottom cell and the lower 2 dots of the top one
        assertEquals(List.of(dots(0x40 | 0x04 | 0x80 | 0x20), "⣿"), braille(8, 1, 2, 6, 6));
    }

    @Test
    void aLimitInsideTheScaleIsALineBehindTheGraph() {
        Sparkline.Plot p = Sparkline.plot(new double[] {0, 4, 16}, 16, 12, 3, 2, BLOCK);
        assertEquals(List.of("──█", " ▄█"), p.rows());
        assertTrue(p.isLimit(0, 0));
        assertTrue(p.isLimit(1, 0));
        assertFalse(p.isLimit(2, 0), "the graph above the limit hides the line");
        assertFalse(p.isLimit(0, 1));

        Sparkline.Plot b = Sparkline.plot(new double[] {0, 0, 4, 4}, 4, 2, 2, 1, BRAILLE);
        assertEquals(List.of(dots(0x04 | 0x20, 0xFF)), b.rows());
        assertTrue(b.isLimit(0, 0));
        assertFalse(b.isLimit(1, 0));

        assertEquals(List.of("──"), Sparkline.plot(new double[0], 8, 8, 2, 1, BLOCK).rows(), "a limit equal to max is the top");
        assertEquals(List.of("▂▂"), Sparkline.plot(new double[] {2, 2}, 8, 4, 2, 1, BLOCK).rows(),
                "a partial block below the line shows the graph, not the line");
    }

    @Test
    void aLimitOutsideTheScaleIsNotDrawn() {
        for (double limit : new double[] {NaN, 0, -1, 17, INF}) {
            Sparkline.Plot p = Sparkline.plot(new double[] {4}, 16, limit, 2, 2, BLOCK);
            assertEquals(List.of("  ", " ▄"), p.rows(), "limit " + limit);
            assertFalse(p.isLimit(0, 0));
        }
    }

    @Test
    void emptyInputsAndSizes() {
        assertEquals(List.of("   ", "   "), block(8, 3, 2));
        assertEquals(List.of("   "), Sparkline.plot(null, 8, 3, 1, BRAILLE).rows());
        for (int[] size : new int[][] {{0, 1}, {1, 0}, {-1, 5}, {5, -1}, {Integer.MIN_VALUE, Integer.MIN_VALUE}}) {
            Sparkline.Plot p = Sparkline.plot(new double[] {1, 2}, 4, 2, size[0], size[1], BRAILLE);
            assertEquals(0, p.height());
            assertEquals(0, p.width());
            assertFalse(p.isLimit(0, 0));
        }
        Sparkline.Plot huge = Sparkline.plot(new double[] {1}, 1, Integer.MAX_VALUE, 1, BLOCK);
        assertEquals(Sparkline.MAX_CELLS, huge.width());
        assertEquals(List.of("█"), Sparkline.plot(new double[] {1}, 1, 1, 1, null).rows(), "no mode is BLOCK");
    }

    @Test
    void everyRowIsExactlyTheWidthForAnyInput() {
        double[][] inputs = {{}, {NaN}, {INF, -INF, NaN, 0, 1e308, -1e308, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}};
        for (Sparkline.Mode mode : Sparkline.Mode.values()) {
            for (double[] in : inputs) {
                for (int w = 0; w < 12; w++) {
                    for (int h = 0; h < 4; h++) {
                        Sparkline.Plot p = Sparkline.plot(in, 5, 3, w, h, mode);
                        assertEquals(w > 0 && h > 0 ? h : 0, p.height());
                        for (String r : p.rows()) {
                            assertEquals(w, r.length());
                        }
                    }
                }
            }
        }
    }
}
