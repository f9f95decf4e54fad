package io.jtop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatTest {

    private static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @CsvSource({
            "0, 0B",
            "1023, 1023B",
            "1024, 1KiB",
            "1536, 1.5KiB",
            "67108864, 64MiB",
            "125829120, 120MiB",
            "1073741824, 1GiB",
            "9223372036854775807, 8EiB"})
    void bytesInBinaryUnits(long bytes, String text) {
        assertEquals(text, Format.bytes(bytes));
    }

    @Test
    void bytesUnknownOrNegativeIsDash() {
        assertEquals("-", Format.bytes(null));
        assertEquals("-", Format.bytes(-1L));
    }

    @Test
    void rate() {
        assertEquals("1.5MiB/s", Format.rate(1.5 * MIB));
        assertEquals("0B/s", Format.rate(0.0));
        assertEquals("-", Format.rate(null));
    }

    @Test
    void percentHasOneDecimal() {
        assertEquals("12.3", Format.percent(12.34));
        assertEquals("0.0", Format.percent(0.0));
        assertEquals("150.0", Format.percent(150.0));
        assertEquals("-", Format.percent(null));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "45, 45s",
            "59, 59s",
            "60, 1m",
            "720, 12m",
            "3599, 59m",
            "3600, 1h00m",
            "11100, 3h05m",
            "86399, 23h59m",
            "86400, 1d0h",
            "352800, 4d2h"})
    void age(long seconds, String text) {
        assertEquals(text, Format.age(Duration.ofSeconds(seconds)));
    }

    @Test
    void ageUnknownOrNegativeIsDash() {
        assertEquals("-", Format.age(null));
        assertEquals("-", Format.age(Duration.ofSeconds(-5)));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "2.0, 2", "1.25, 1.25", "1.1, 1.1", "0.333, 0.33"})
    void cpus(double cpus, String text) {
        assertEquals(text, Format.cpus(cpus));
    }

    @Test
    void cpusUnknownIsDash() {
        assertEquals("-", Format.cpus(null));
    }

    @Test
    void countPairAndText() {
        assertEquals("50", Format.count(50L));
        assertEquals("-", Format.count(null));
        assertEquals("64MiB/-", Format.pair(Format.bytes(64 * MIB), Format.bytes(null)));
        assertEquals("web", Format.text("web"));
        assertEquals("-", Format.text(""));
        assertEquals("-", Format.text(null));
    }

    @Test
    void compactRates() {
        assertEquals("0", Format.compactRate(0.0));
        assertEquals("512", Format.compactRate(512.0));
        assertEquals("1.5K", Format.compactRate(1536.0));
        assertEquals("20M", Format.compactRate(20.0 * 1024 * 1024));
        assertEquals("-", Format.compactRate(null));
    }

    @Test
    void sizesAsUsersWriteThem() {
        assertEquals(64L << 20, Format.parseBytes("64m"));
        assertEquals(1L << 30, Format.parseBytes("1G"));
        assertEquals(512L << 10, Format.parseBytes("512kb"));
        assertEquals(1048576L, Format.parseBytes("1048576"));
        assertEquals(-1L, Format.parseBytes("-1"));
        assertEquals(null, Format.parseBytes(" "));
        assertEquals("takes a size such as 64m or 1g, not 'x'",
                Assertions.assertThrows(IllegalArgumentException.class, () -> Format.parseBytes("x")).getMessage());
        assertEquals("must be positive, not '0'",
                Assertions.assertThrows(IllegalArgumentException.class, () -> Format.parseBytes("0")).getMessage());
    }

    @Test
    void decimalsWithoutFormatterMatchIt() {
        for (double v : new double[] {0, 0.04, 0.05, 0.149, 0.15, 1.25, 9.95, 9.999, 42.5, 99.96, 100, 123456.789, -2.35}) {
            assertEquals(String.format(Locale.ROOT, "%.1f", v), Format.oneDecimal(v), "oneDecimal " + v);
            assertEquals(String.format(Locale.ROOT, "%.2f", v), Format.twoDecimals(v), "twoDecimals " + v);
        }
        assertEquals("0.0", Format.oneDecimal(-0.04)); // never "-0.0", which String.format writes
    }

    /** Docker's words (go-units HumanDuration), at the edges of each of its steps. */
    @Test
    void humanDurationSpeaksLikeDocker() {
        Duration day = Duration.ofDays(1);
        Object[][] cases = {
                {Duration.ofMillis(450), "Less than a second"}, {Duration.ofSeconds(1), "1 second"},
                {Duration.ofSeconds(59), "59 seconds"}, {Duration.ofSeconds(60), "About a minute"},
                {Duration.ofSeconds(119), "About a minute"}, {Duration.ofMinutes(5), "5 minutes"},
                {Duration.ofMinutes(59).plusSeconds(59), "59 minutes"}, {Duration.ofHours(1), "About an hour"},
                {Duration.ofMinutes(89), "About an hour"}, {Duration.ofMinutes(91), "2 hours"},
                {Duration.ofMinutes(3 * 60 + 29), "3 hours"}, {Duration.ofMinutes(3 * 60 + 31), "4 hours"},
                {Duration.ofHours(47), "47 hours"}, {Duration.ofHours(48), "2 days"},
                {day.multipliedBy(13).plusHours(5), "13 days"}, {day.multipliedBy(14), "2 weeks"},
                {day.multipliedBy(21), "3 weeks"}, {day.multipliedBy(30), "4 weeks"}, {day.multipliedBy(44), "6 weeks"},
                {day.multipliedBy(60), "2 months"}, {day.multipliedBy(120), "4 months"},
                {day.multipliedBy(720), "24 months"}, {day.multipliedBy(734), "2 years"},
                {day.multipliedBy(3 * 365 + 60), "3 years"}, {Duration.ofSeconds(-30), "Less than a second"},
        };
        for (Object[] c : cases) {
            assertEquals(c[1], Format.humanDuration((Duration) c[0]), c[0].toString());
        }
    }
}
