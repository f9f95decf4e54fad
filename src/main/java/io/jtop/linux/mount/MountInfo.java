package io.jtop.linux.mount;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of {@code /proc/<pid>/mountinfo} (proc(5)):
 * {@code id parent major:minor root mount-point options [optional…] - fstype source super-options}.
 * Fields are unescaped ({@code \040} → space). {@code optional} holds the optional fields
 * (propagation tags such as {@code shared:1 master:2}), space-separated, empty when none.
 */
public record MountInfo(int id, int parentId, String device, String root, String mountPoint,
                        String options, String fsType, String source, String superOptions, String optional) {

    /** A mount without optional fields (a private one). */
    public MountInfo(int id, int parentId, String device, String root, String mountPoint,
                     String options, String fsType, String source, String superOptions) {
        this(id, parentId, device, root, mountPoint, options, fsType, source, superOptions, "");
    }

    /** Parses every well-formed line; malformed lines are skipped. */
    public static List<MountInfo> parse(String text) {
        List<MountInfo> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            MountInfo m = parseLine(line);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    static MountInfo parseLine(String line) {
        String[] f = line.trim().split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        if (f.length < 7 || dash < 0 || f.length < dash + 3) {
            return null;
        }
        try {
            return new MountInfo(
                    Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2],
                    unescape(f[3]), unescape(f[4]), f[5],
                    f[dash + 1], unescape(f[dash + 2]),
                    f.length > dash + 3 ? unescape(f[dash + 3]) : "",
                    String.join(" ", Arrays.asList(f).subList(6, dash)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Undoes the kernel's octal escapes of space, tab, newline and backslash. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }

    /**
     * How mount events propagate (mount_namespaces(7)): {@code shared} (peer group N), {@code slave}
     * (receives from master N), both, {@code unbindable}, or {@code private} when no tag is present.
     */
    public String propagation() {
        List<String> tags = new ArrayList<>();
        for (String t : optional.split(" ")) {
            if (t.startsWith("shared:")) {
                tags.add(t);
            } else if (t.startsWith("master:")) {
                tags.add("slave(" + t + ")");
            } else if (t.equals("unbindable")) {
                tags.add(t);
            }
        }
        return tags.isEmpty() ? "private" : String.join(" ", tags);
    }

    /** Whether the per-mount options say read-only (the super block may be rw while the mount is ro). */
    public boolean readOnly() {
        return Arrays.asList(options.split(",")).contains("ro");
    }

    /** The last mount on the given mount point: the one a path lookup sees. */
    public static MountInfo topmostAt(List<MountInfo> mounts, String mountPoint) {
        MountInfo found = null;
        for (MountInfo m : mounts) {
            if (m.mountPoint().equals(mountPoint)) {
                found = m;
            }
        }
        return found;
    }
}
