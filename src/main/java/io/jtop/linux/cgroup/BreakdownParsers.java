package io.jtop.linux.cgroup;

import io.jtop.linux.cgroup.CgroupBreakdown.IoDevice;
import io.jtop.linux.cgroup.CgroupBreakdown.Pressure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pure parsers of the files behind {@link CgroupBreakdown}. A file that is garbled anywhere (a
 * truncated line, a word where a number goes, a number past a long) gives null for what it holds,
 * never a figure made of the lines that happened to parse: an exported counter cannot take a
 * wrong value back.
 */
public final class BreakdownParsers {

    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern DEVICE = Pattern.compile("[0-9]{1,10}:[0-9]{1,10}");

    private BreakdownParsers() {
    }

    /** A count of µs in ns; null when unknown or past a long. */
    public static Long microsToNanos(Long micros) {
        return scale(micros, 1000);
    }

    /** A count of clock ticks ({@code hz} a second, v1 {@code cpuacct.stat}) in ns; null when unknown or past a long. */
    public static Long ticksToNanos(Long ticks, long hz) {
        if (ticks == null || ticks < 0 || hz <= 0) {
            return null;
        }
        try {
            return Math.multiplyExact(ticks, 1_000_000_000L) / hz;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Long scale(Long v, long by) {
        if (v == null || v < 0) {
            return null;
        }
        try {
            return Math.multiplyExact(v, by);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * A PSI file ({@code cpu.pressure} …): the {@code total=} of its {@code some} and {@code full}
     * lines. A line that is missing or garbled gives null for its figure.
     */
    public static Pressure pressure(CharSequence text) {
        if (text == null) {
            return Pressure.NONE;
        }
        Long some = null;
        Long full = null;
        for (String line : text.toString().split("\n")) {
            if (line.startsWith("some ")) {
                some = total(line);
            } else if (line.startsWith("full ")) {
                full = total(line);
            }
        }
        return new Pressure(some, full);
    }

    private static Long total(String line) {
        for (String word : BLANKS.split(line.trim())) {
            if (word.startsWith("total=")) {
                return natural(word.substring(6));
            }
        }
        return null;
    }

    /** {@code cgroup.procs}: one pid a line; how many. */
    public static Long processes(CharSequence text) {
        if (text == null) {
            return null;
        }
        long n = 0;
        for (String line : text.toString().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Long pid = natural(line);
            if (pid == null || pid == 0 || pid > Integer.MAX_VALUE) {
                return null;
            }
            n++;
        }
        return n;
    }

    /**
     * v1 {@code blkio.throttle.io_service_bytes(_recursive)}: lines {@code MAJ:MIN Op bytes}, the
     * {@code Read} and {@code Write} ones per device (each device's other operations and the last
     * {@code Total} line left aside). Devices named {@code MAJ:MIN}, in the file's order.
     */
    public static List<IoDevice> blkioDevices(CharSequence text) {
        if (text == null) {
            return null;
        }
        Map<String, long[]> devices = new LinkedHashMap<>();
        for (String[] f : words(text)) {
            if (f.length == 2 && f[0].equals("Total") && natural(f[1]) != null) {
                continue;
            }
            if (f.length != 3 || !DEVICE.matcher(f[0]).matches()) {
                return null;
            }
            Long v = natural(f[2]);
            if (v == null) {
                return null;
            }
            long[] rw = devices.computeIfAbsent(f[0], d -> new long[] {-1, -1});
            if (f[1].equals("Read")) {
                rw[0] = v;
            } else if (f[1].equals("Write")) {
                rw[1] = v;
            }
        }
        return list(devices);
    }

    /** v2 {@code io.stat}: lines {@code MAJ:MIN rbytes=… wbytes=… …}; an empty file: no I/O yet. */
    public static List<IoDevice> ioStatDevices(CharSequence text) {
        if (text == null) {
            return null;
        }
        Map<String, long[]> devices = new LinkedHashMap<>();
        for (String[] f : words(text)) {
            if (!DEVICE.matcher(f[0]).matches() || devices.containsKey(f[0])) {
                return null;
            }
            long[] rw = {-1, -1};
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) {
                    return null;
                }
                String key = f[i].substring(0, eq);
                if (key.equals("rbytes") || key.equals("wbytes")) {
                    Long v = natural(f[i].substring(eq + 1));
                    if (v == null) {
                        return null;
                    }
                    rw[key.equals("rbytes") ? 0 : 1] = v;
                }
            }
            devices.put(f[0], rw);
        }
        return list(devices);
    }

    /** The words of each line that is not blank. */
    private static List<String[]> words(CharSequence text) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            if (!line.isBlank()) {
                out.add(BLANKS.split(line.trim()));
            }
        }
        return out;
    }

    /** The devices with both figures; null when one lacks either (a truncated file). */
    private static List<IoDevice> list(Map<String, long[]> devices) {
        List<IoDevice> out = new ArrayList<>(devices.size());
        for (Map.Entry<String, long[]> e : devices.entrySet()) {
            long[] rw = e.getValue();
            if (rw[0] < 0 || rw[1] < 0) {
                return null;
            }
            out.add(new IoDevice(e.getKey(), rw[0], rw[1]));
        }
        return List.copyOf(out);
    }

    /** A decimal count: digits only, within a long; else null. */
    static Long natural(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
