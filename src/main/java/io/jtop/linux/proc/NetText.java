package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Decoding of the hexadecimal addresses the kernel prints in {@code /proc/<pid>/net/*}. */
final class NetText {

    private NetText() {
    }

    /**
     * What {@code parse} makes of each line of a file (null for a line to leave out, such as a
     * header or one that does not parse), {@code max} of them at most: the file is the
     * container's to fill, so what is kept is bounded.
     */
    static <T> List<T> rows(String text, int max, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (out.size() >= max) {
                break;
            }
            T row = parse.apply(line);
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    /** A line's fields, split at runs of blanks. */
    static String[] fields(String line) {
        return line.trim().split("\\s+");
    }

    /**
     * An IPv4 address printed as the 32-bit word in the host's byte order ({@code 0100007F} for
     * 127.0.0.1 on a little-endian machine, as every machine jtop runs on); null when not 8 hex digits.
     */
    static String ipv4(String hex) {
        long v = word(hex);
        if (v < 0) {
            return null;
        }
        return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
    }

    /** An IPv6 address as four 32-bit words in the host's byte order (sockets); null when malformed. */
    static String ipv6Words(String hex) {
        if (hex == null || hex.length() != 32) {
            return null;
        }
        StringBuilder bytes = new StringBuilder(32);
        for (int w = 0; w < 4; w++) {
            String word = hex.substring(w * 8, w * 8 + 8);
            for (int k = 3; k >= 0; k--) {
                bytes.append(word, k * 2, k * 2 + 2);
            }
        }
        return ipv6(bytes.toString());
    }

    /** An IPv6 address as 32 hex digits in network order (if_inet6, ipv6_route), shortened as RFC 5952 says. */
    static String ipv6(String hex) {
        if (hex == null || hex.length() != 32) {
            return null;
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            try {
                groups[g] = Integer.parseInt(hex.substring(g * 4, g * 4 + 4), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (hex.charAt(g * 4) == '-' || hex.charAt(g * 4) == '+') {
                return null;
            }
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int s = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - s > bestLen) {
                bestStart = s;
                bestLen = g - s;
            }
        }
        StringBuilder b = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                b.append("::");
                g += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[g]));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** A hexadecimal 32-bit word, or -1 when the text is not exactly 8 hex digits. */
    static long word(String hex) {
        if (hex == null || hex.length() != 8) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < 8; k++) {
            int d = Character.digit(hex.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** A hexadecimal number of at most 8 digits, or -1. */
    static int hex(String s) {
        if (s == null || s.isEmpty() || s.length() > 8) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < s.length(); k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
