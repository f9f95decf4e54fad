package io.jtop.linux.cgroup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The v1 device controller's {@code devices.list}: rules such as {@code c 1:3 rwm} (type, major:minor,
 * access), {@code a *:* rwm} meaning every device. cgroup v2 has no such file: its device rules are
 * a BPF program attached to the cgroup, which cannot be read back as a list.
 */
public final class DevicesList {
    /** At most this many rules are kept: a real list has tens. */
    static final int MAX_RULES = 1000;
    private static final int MAX_BYTES = 64 * 1024;

    private DevicesList() {
    }

    /** The rules of a {@code devices} directory, or null when it or its list cannot be read. */
    public static List<String> read(Path devicesDir) {
        if (devicesDir == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(devicesDir.resolve("devices.list"))) {
            return parse(new String(in.readNBytes(MAX_BYTES), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return null;
        }
    }

    /** Lines of the form {@code type major:minor access}; anything else is skipped. */
    public static List<String> parse(String text) {
        List<String> rules = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (rules.size() == MAX_RULES) {
                break;
            }
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].matches("[abc]") && f[1].matches("[0-9*]+:[0-9*]+") && f[2].matches("[rwm]+")) {
                rules.add(String.join(" ", f));
            }
        }
        return List.copyOf(rules);
    }

    /** Whether the rules allow every device ({@code a *:* rwm}): the host's disks included. */
    public static boolean allowsAll(List<String> rules) {
        return rules != null && rules.contains("a *:* rwm");
    }
}
