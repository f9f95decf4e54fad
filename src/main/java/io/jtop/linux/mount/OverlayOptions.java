package io.jtop.linux.mount;

import java.util.ArrayList;
import java.util.List;

/**
 * The layer directories of an overlay mount, from its super options.
 *
 * @param lowerDirs lower layers, topmost first, as the mount lists them
 * @param upperDir  the writable layer, or null for a read-only overlay
 * @param workDir   overlay's work directory, or null
 */
public record OverlayOptions(List<String> lowerDirs, String upperDir, String workDir) {

    /**
     * Parses super options such as {@code rw,lowerdir=/a:/b,upperdir=/u,workdir=/w}. Inside a path,
     * overlay escapes {@code :} and {@code ,} with a backslash.
     */
    public static OverlayOptions parse(String superOptions) {
        List<String> lower = new ArrayList<>();
        String upper = null;
        String work = null;
        if (superOptions == null) {
            return new OverlayOptions(List.of(), null, null);
        }
        for (String opt : split(superOptions, ',')) {
            if (opt.startsWith("lowerdir=")) {
                for (String l : split(opt.substring(9), ':')) {
                    lower.add(unbackslash(l));
                }
            } else if (opt.startsWith("lowerdir+=")) {
                lower.add(unbackslash(opt.substring(10)));  // kernel >= 6.8 appends layers one by one
            } else if (opt.startsWith("upperdir=")) {
                upper = unbackslash(opt.substring(9));
            } else if (opt.startsWith("workdir=")) {
                work = unbackslash(opt.substring(8));
            }
        }
        return new OverlayOptions(List.copyOf(lower), upper, work);
    }

    private static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == sep) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            parts.add(cur.toString());
        }
        return parts;
    }

    private static String unbackslash(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }
}
