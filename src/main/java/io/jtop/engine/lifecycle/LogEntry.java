package io.jtop.engine.lifecycle;

import java.time.Instant;

/**
 * One entry of conmon's {@code k8s-file} log, parsed in place from bytes: {@code TIME STREAM TAG TEXT}
 * where TIME is RFC 3339 with an offset, STREAM {@code stdout} or {@code stderr}, and TAG {@code F}
 * for an entry that ends a line or {@code P} for a piece that the next entry of the same stream
 * continues. The entry's newline is not part of it. One instance is reused from entry to entry, so
 * reading a log allocates nothing per entry.
 */
public final class LogEntry {

    /** Longest header: a time with nanoseconds and an offset, {@code " stdout P "}. */
    static final int MAX_HEADER = 64;

    private LogReader.Stream stream;
    private boolean partial;
    private long seconds;
    private int nanos;
    private int textStart;

    /** The fraction of a second of the time {@link #epochSeconds} parsed last. */
    private int parsedNanos;

    public LogReader.Stream stream() {
        return stream;
    }

    /** Whether the next entry of the same stream continues this one's line. */
    public boolean partial() {
        return partial;
    }

    public Instant time() {
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Where the text starts in the bytes last parsed. */
    int textStart() {
        return textStart;
    }

    /**
     * Parses the header of the entry in {@code b[off, end)}; false when it is not one (the fields
     * are then left as they were). An empty output line is logged as {@code TIME stdout F} with or
     * without the trailing space.
     */
    boolean parse(byte[] b, int off, int end) {
        int sp = indexOf(b, off, Math.min(end, off + MAX_HEADER), (byte) ' ');
        if (sp < 0) {
            return false;
        }
        long t = epochSeconds(b, off, sp);
        if (t == Long.MIN_VALUE) {
            return false;
        }
        int s = sp + 1;
        LogReader.Stream st;
        if (matches(b, s, end, "stdout ")) {
            st = LogReader.Stream.STDOUT;
        } else if (matches(b, s, end, "stderr ")) {
            st = LogReader.Stream.STDERR;
        } else {
            return false;
        }
        int tag = s + 7;
        if (tag >= end || b[tag] != 'F' && b[tag] != 'P' || tag + 1 < end && b[tag + 1] != ' ') {
            return false;
        }
        stream = st;
        partial = b[tag] == 'P';
        seconds = t;
        nanos = parsedNanos;
        textStart = Math.min(end, tag + 2);
        return true;
    }

    private static boolean matches(byte[] b, int off, int end, String word) {
        if (end - off < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[off + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An RFC 3339 time ({@code 2026-11-29T01:31:54.030+02:00}, {@code …Z}) in seconds since the epoch
     * (its fraction in {@link #parsedNanos}), or {@link Long#MIN_VALUE} when {@code b[off, end)} is not
     * one. By hand, as {@code OffsetDateTime.parse} allocates a map per call and a log has millions of
     * entries.
     */
    private long epochSeconds(byte[] b, int off, int end) {
        if (end - off < 20 || b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != 'T' && b[off + 10] != 't'
                || b[off + 13] != ':' || b[off + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, off, 4);
        int month = digits(b, off + 5, 2);
        int day = digits(b, off + 8, 2);
        int hour = digits(b, off + 11, 2);
        int minute = digits(b, off + 14, 2);
        int second = digits(b, off + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return Long.MIN_VALUE;
        }
        int i = off + 19;
        long nanos = 0;
        if (b[i] == '.') {
            int scale = 100_000_000;
            i++;
            int start = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                nanos += (b[i] - '0') * (long) scale;
                scale /= 10;
                i++;
            }
            if (i == start || i - start > 9) {
                return Long.MIN_VALUE;
            }
        }
        int offsetSeconds;
        if (i == end - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            offsetSeconds = 0;
        } else if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
        } else {
            return Long.MIN_VALUE;
        }
        parsedNanos = (int) nanos;
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    }

    /** The decimal number in {@code n} ASCII digits at {@code off}, or -1. */
    private static int digits(byte[] b, int off, int n) {
        int v = 0;
        for (int i = off; i < off + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + b[i] - '0';
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days algorithm, inverted). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
