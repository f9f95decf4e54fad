package io.jtop.linux.cgroup;

/**
 * Pure parsers of cgroup file formats (Documentation/admin-guide/cgroup-v2.rst "Interface Files"
 * and the v1 controller documents). Each returns null for missing, empty or garbled input.
 *
 * <p>They take a {@link CharSequence} and scan it in place, so the sampler can hand them the
 * bytes it just read without decoding a String per file per tick; a String works as well.
 */
public final class CgroupParsers {

    /**
     * v1 reports "no limit" as the largest page-aligned long (9223372036854771712 on 4 KiB pages);
     * anything at or above 2^62 is treated as unlimited.
     */
    static final long V1_UNLIMITED = 1L << 62;

    private CgroupParsers() {
    }

    /** A single number such as {@code memory.current}; {@code max} and garbage give null. */
    public static Long single(CharSequence text) {
        if (text == null) {
            return null;
        }
        return number(text, 0, text.length());
    }

    /** A v1 limit: -1 and values at or above 2^62 mean unlimited. */
    public static Long v1Limit(CharSequence text) {
        Long v = single(text);
        if (v == null || v < 0 || v >= V1_UNLIMITED) {
            return null;
        }
        return v;
    }

    /**
     * The value of {@code key} in a flat-keyed file ({@code key value} per line), such as
     * {@code memory.stat}, {@code cpu.stat} or {@code memory.events}.
     */
    public static Long keyed(CharSequence text, String key) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int from = 0;
        while (true) {
            int at = indexOf(text, key, from);
            if (at < 0) {
                return null;
            }
            int end = at + key.length();
            boolean lineStart = at == 0 || text.charAt(at - 1) == '\n';
            if (lineStart && end < n && text.charAt(end) == ' ') {
                int eol = indexOf(text, '\n', end);
                return number(text, end + 1, eol < 0 ? n : eol);
            }
            from = end;
        }
    }

    /** v2 {@code cpu.max}: {@code "$MAX $PERIOD"}; returns {quota or null, period or null}. */
    public static Long[] cpuMax(CharSequence text) {
        if (text == null) {
            return new Long[] {null, null};
        }
        int n = text.length();
        int sp = indexOf(text, ' ', 0);
        if (sp < 0) {
            return new Long[] {number(text, 0, n), null};
        }
        return new Long[] {number(text, 0, sp), number(text, sp + 1, n)};
    }

    /** {@code avg10} of the {@code some} line of a PSI file, in percent. */
    public static Double psiSomeAvg10(CharSequence text) {
        if (text == null || !startsWith(text, "some ")) {
            return null;
        }
        int at = indexOf(text, "avg10=", 0);
        if (at < 0) {
            return null;
        }
        int end = at + 6;
        while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != '\n') {
            end++;
        }
        try {
            return Double.parseDouble(text.subSequence(at + 6, end).toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * v2 {@code io.stat}: sums a field ({@code rbytes} or {@code wbytes}) over devices. An empty file
     * means no I/O yet, so 0.
     */
    public static Long ioStatSum(CharSequence text, String field) {
        return sumAfter(text, field + "=", true);
    }

    /**
     * v1 {@code blkio.*io_service_bytes*}: lines {@code MAJ:MIN Op value}; sums one operation
     * ({@code Read} or {@code Write}) over devices, ignoring the {@code Total} lines.
     */
    public static Long blkioSum(CharSequence text, String op) {
        return sumAfter(text, " " + op + " ", false);
    }

    /**
     * Sums the numbers that follow each occurrence of {@code needle}, each up to the next blank or
     * end of line; with {@code wordStart}, only occurrences at the start of a word count. Null for
     * null text, 0 when nothing matches (an empty file means no I/O yet).
     */
    private static Long sumAfter(CharSequence text, String needle, boolean wordStart) {
        if (text == null) {
            return null;
        }
        long sum = 0;
        int n = text.length();
        int from = 0;
        while (true) {
            int at = indexOf(text, needle, from);
            if (at < 0) {
                return sum;
            }
            int start = at + needle.length();
            int end = start;
            while (end < n && text.charAt(end) != ' ' && text.charAt(end) != '\n') {
                end++;
            }
            if (!wordStart || at == 0 || text.charAt(at - 1) == ' ' || text.charAt(at - 1) == '\n') {
                Long v = number(text, start, end);
                if (v != null) {
                    sum += v;
                }
            }
            from = end;
        }
    }

    /** v1 {@code freezer.state}: FROZEN or FREEZING count as frozen. */
    public static Boolean v1Frozen(CharSequence text) {
        if (text == null) {
            return null;
        }
        String t = text.toString().trim();
        return switch (t) {
            case "FROZEN", "FREEZING" -> true;
            case "THAWED" -> false;
            default -> null;
        };
    }

    /** v2 {@code cgroup.events}: the {@code frozen} key (kernel >= 5.2). */
    public static Boolean v2Frozen(CharSequence text) {
        Long f = keyed(text, "frozen");
        return f == null ? null : f == 1;
    }

    /** A cpuset list such as {@code 0-1}; an empty file means "not set", so null. */
    public static String cpuset(CharSequence text) {
        if (text == null) {
            return null;
        }
        String t = text.toString().trim();
        return t.isEmpty() ? null : t;
    }

    /** A decimal number between {@code from} and {@code to}, blanks around it allowed; else null. */
    static Long number(CharSequence s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        if (from >= to) {
            return null;
        }
        // Words such as "max" are common: tell them apart without the cost of an exception.
        char c = s.charAt(from);
        if (c != '-' && c != '+' && (c < '0' || c > '9')) {
            return null;
        }
        try {
            return Long.parseLong(s, from, to, 10);
        } catch (NumberFormatException e) {
            return null; // "max", garbage, or out of range
        }
    }

    static int indexOf(CharSequence s, char c, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(CharSequence s, String needle, int from) {
        if (s instanceof String str) {
            return str.indexOf(needle, from);
        }
        int n = s.length() - needle.length();
        char first = needle.charAt(0);
        outer:
        for (int i = from; i <= n; i++) {
            if (s.charAt(i) != first) {
                continue;
            }
            for (int k = 1; k < needle.length(); k++) {
                if (s.charAt(i + k) != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(CharSequence s, String prefix) {
        return s.length() >= prefix.length() && indexOf(s.subSequence(0, prefix.length()), prefix, 0) == 0;
    }
}
