package io.jtop.ui.widget;

import static io.jtop.ui.theme.SemanticKey.METER_CRITICAL;
import static io.jtop.ui.theme.SemanticKey.METER_OK;
import static io.jtop.ui.theme.SemanticKey.METER_WARN;
import static io.jtop.ui.theme.SemanticKey.ROW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeterTest {

    private final Meter cpu = new Meter("CPU");

    @Test
    void htopLikeBarWithTheValueRightAligned() {
        Meter.Bar b = cpu.bar(42, 100, null, 20);
        assertEquals("CPU[||||||    42.0%]", b.text());
        assertEquals(METER_OK, b.style());
        assertEquals(4, b.fillStart());
        assertEquals(10, b.fillEnd());
        assertEquals(List.of(new Span("CPU[", ROW), new Span("||||||", METER_OK), new Span("    42.0%]", ROW)), b.spans());
    }

    @Test
    void theValueTextUnderTheFillTakesTheFillsStyle() {
        Meter.Bar b = cpu.bar(95, 100, null, 20);
        assertEquals("CPU[||||||||||95.0%]", b.text());
        assertEquals(List.of(new Span("CPU[", ROW), new Span("||||||||||95.0", METER_CRITICAL), new Span("%]", ROW)),
                b.spans());
    }

    @Test
    void aGivenValueTextAndScale() {
        Meter mem = new Meter("Mem");
        Meter.Bar b = mem.bar(256, 512, "256MiB/512MiB", 30);
        assertEquals("Mem[||||||||||||256MiB/512MiB]", b.text());
        assertEquals(METER_OK, b.style());
        assertEquals(4 + 13, b.fillEnd(), "half of 25 inner cells, rounded up");
        assertEquals(List.of(new Span("Mem[", ROW), new Span("||||||||||||2", METER_OK), new Span("56MiB/512MiB]", ROW)),
                b.spans());
    }

    @ParameterizedTest
    @CsvSource({"0, METER_OK", "74.9, METER_OK", "75, METER_WARN", "89.99, METER_WARN", "90, METER_CRITICAL",
            "100, METER_CRITICAL", "250, METER_CRITICAL", "NaN, METER_OK", "-3, METER_OK", "Infinity, METER_CRITICAL"})
    void levelsAtSeventyFiveAndNinetyPercent(double used, String style) {
        assertEquals(style, cpu.bar(used, 100, null, 20).style().name());
    }

    @Test
    void thresholdsArePerMeterAndRelativeToMax() {
        Meter m = new Meter("PIDs", 50, 80);
        assertEquals(METER_WARN, m.bar(60, 100, "60", 10).style());
        assertEquals(METER_CRITICAL, m.bar(3400, 4096, "3400", 10).style());
        assertEquals(METER_CRITICAL, cpu.bar(380, 400, null, 20).style(), "4 cores: 380 of 400 is 95%");
        assertEquals("CPU[||||||||||95.0%]", cpu.bar(380, 400, null, 20).text());
    }

    @Test
    void percentIsBoundedAndZeroWhenUnknown() {
        assertEquals(42, Meter.percent(42, 100));
        assertEquals(100, Meter.percent(1e300, 1));
        assertEquals(0, Meter.percent(Double.NaN, 100));
        assertEquals(0, Meter.percent(5, 0), "no limit: nothing to measure against");
        assertEquals(0, Meter.percent(5, Double.NaN));
        assertEquals(0, Meter.percent(5, Double.POSITIVE_INFINITY));
        assertEquals(0, Meter.percent(-5, 100));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "10;'CPU[42.0%]'", "9;'[||42.0%]'", "8;'[|42.0%]'", "7;'[42.0%]'", "6;'CPU[ ]'", "5;'[|  ]'", "3;'[ ]'",
            "2;'| '", "1;' '", "0;''", "-4;''"})
    void shortWidthsGiveUpLabelThenTextThenBrackets(int width, String text) {
        assertEquals(text, cpu.bar(42, 100, null, width).text());
    }

    @Test
    void everyWidthAndInputFitsExactly() {
        double[] odd = {Double.NaN, Double.NEGATIVE_INFINITY, -1, 0, 42, 1e308, Double.POSITIVE_INFINITY};
        for (Meter m : new Meter[] {cpu, new Meter(""), new Meter(null), new Meter("中文\tlabel\u0007")}) {
            for (double used : odd) {
                for (double max : odd) {
                    for (int w = -2; w <= 30; w++) {
                        Meter.Bar b = m.bar(used, max, w % 3 == 0 ? null : "x\u001B[1m中", w);
                        assertEquals(Math.max(0, w), Cells.width(b.text()), m + " " + used + "/" + max + " at " + w);
                        int covered = 0;
                        for (Span s : b.spans()) {
                            covered += Cells.width(s.text());
                        }
                        assertEquals(Math.max(0, w), covered);
                    }
                }
            }
        }
    }

    @Test
    void aFullBarFillsTheInside() {
        assertEquals("CPU[|||||||||100.0%]", cpu.bar(100, 100, null, 20).text());
        assertEquals("CPU[               ]", cpu.bar(0, 100, "", 20).text());
        assertEquals("CPU[|||||||||||||||]", cpu.bar(100, 100, "", 20).text());
    }
}
