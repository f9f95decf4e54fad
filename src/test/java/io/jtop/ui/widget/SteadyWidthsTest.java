package io.jtop.ui.widget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SteadyWidthsTest {

    private long now;
    private final SteadyWidths widths = new SteadyWidths(() -> now);

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void aColumnGrowsAtOnceAndShrinksOnlyAfterStayingNarrowerForTheHold() {
        assertArrayEquals(new int[] {4, 10}, widths.settle(new int[] {4, 10}));
        assertArrayEquals(new int[] {5, 10}, widths.settle(new int[] {5, 10}), "grows at once");
        advance(Duration.ofSeconds(1));
        assertArrayEquals(new int[] {5, 10}, widths.settle(new int[] {4, 7}), "narrower for a moment: kept");
        advance(Duration.ofSeconds(1));
        assertArrayEquals(new int[] {5, 10}, widths.settle(new int[] {5, 8}), "back: kept, and column 1 still waits");
        advance(SteadyWidths.HOLD.minusSeconds(1));
        assertArrayEquals(new int[] {5, 8}, widths.settle(new int[] {5, 6}),
                "after the hold, to the widest it was meanwhile");
        advance(SteadyWidths.HOLD);
        assertArrayEquals(new int[] {5, 6}, widths.settle(new int[] {5, 6}));
    }

    @Test
    void aFigureFlickeringBetweenTwoWidthsKeepsTheWiderOne() {
        widths.settle(new int[] {4});
        for (int tick = 0; tick < 100; tick++) {
            advance(Duration.ofSeconds(1));
            int[] shown = widths.settle(new int[] {tick % 2 == 0 ? 5 : 4});
            assertArrayEquals(new int[] {5}, shown, "tick " + tick);
        }
    }

    @Test
    void anotherNumberOfColumnsStartsAfresh() {
        widths.settle(new int[] {9, 9});
        assertArrayEquals(new int[] {3}, widths.settle(new int[] {3}));
    }
}
