package io.jtop.linux.cgroup;

/**
 * Pure parsers of cgroup file formats (Documentation/admin-guide/cgroup-v2.rst "Interface Files"
 * and the v1 controller documents). Each returns null for missing, empty or garbled input.
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
    public static Long single(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.equals("max")) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A v1 limit: -1 and values at or above 2^62 mean unlimited. */
    public static Long v1Limit(String text) {
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
    public static Long keyed(String text, String key) {
        if (text == null) {
            return null;
        }
        int from = 0;
        while (true) {
            int at = text.indexOf(key, from);
            if (at < 0) {
                return null;
            }
            int end = at + key.length();
            boolean lineStart = at == 0 || text.charAt(at - 1) == '\n';
            if (lineStart && end < text.length() && text.charAt(end) == ' ') {
                int eol = text.indexOf('\n', end);
                return single(text.substring(end + 1, eol < 0 ? text.length() : eol));
            }
            from = end;
        }
    }

    /** v2 {@code cpu.max}: {@code "$MAX $PERIOD"}; returns {quota or null, period or null}. */
    public static Long[] cpuMax(String text) {
        if (text == null) {
            return new Long[] {null, null};
        }
        String[] f = text.trim().split("\\s+");
        Long quota = f.length > 0 ? single(f[0]) : null;
        Long period = f.length > 1 ? single(f[1]) : null;
        return new Long[] {quota, period};
    }

    /** {@code avg10} of the {@code some} line of a PSI file, in percent. */
    public static Double psiSomeAvg10(String text) {
        if (text == null || !text.startsWith("some ")) {
            return null;
        }
        int at = text.indexOf("avg10=");
        if (at < 0) {
            return null;
        }
        int end = text.indexOf(' ', at);
        try {
            return Double.parseDouble(text.substring(at + 6, end < 0 ? text.length() : end).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * v2 {@code io.stat}: sums a field ({@code rbytes} or {@code wbytes}) over devices. An empty file
     * means no I/O yet, so 0.
     */
    public static Long ioStatSum(String text, String field) {
        if (text == null) {
            return null;
        }
        long sum = 0;
        String needle = field + "=";
        for (String line : text.split("\n")) {
            for (String kv : line.split(" ")) {
                if (kv.startsWith(needle)) {
                    Long v = single(kv.substring(needle.length()));
                    if (v != null) {
                        sum += v;
                    }
                }
            }
        }
        return sum;
    }

    /**
     * v1 {@code blkio.*io_service_bytes*}: lines {@code MAJ:MIN Op value}; sums one operation
     * ({@code Read} or {@code Write}) over devices, ignoring the {@code Total} lines.
     */
    public static Long blkioSum(String text, String op) {
        if (text == null) {
            return null;
        }
        long sum = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[1].equals(op)) {
                Long v = single(f[2]);
                if (v != null) {
                    sum += v;
                }
            }
        }
        return sum;
    }

    /** v1 {@code freezer.state}: FROZEN or FREEZING count as frozen. */
    public static Boolean v1Frozen(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        return switch (t) {
            case "FROZEN", "FREEZING" -> true;
            case "THAWED" -> false;
            default -> null;
        };
    }

    /** v2 {@code cgroup.events}: the {@code frozen} key (kernel >= 5.2). */
    public static Boolean v2Frozen(String text) {
        Long f = keyed(text, "frozen");
        return f == null ? null : f == 1;
    }

    /** A cpuset list such as {@code 0-1}; an empty file means "not set", so null. */
    public static String cpuset(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        return t.isEmpty() ? null : t;
    }
}
