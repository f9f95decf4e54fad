package io.jtop.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How jtop names a process: its user by the host's {@code /etc/passwd} (read once; a process in a
 * user namespace shows its host uid, so the name is the host's, as {@code ps} on the host shows
 * it) and its command.
 */
final class ProcessNames {

    private final Path passwd;
    private Map<Integer, String> names;

    ProcessNames(Path hostRoot) {
        this.passwd = hostRoot.resolve("etc/passwd");
    }

    /** The name of a uid, else the number; null for an unknown uid (-1). */
    synchronized String user(int uid) {
        if (uid < 0) {
            return null;
        }
        if (names == null) {
            names = read(passwd);
        }
        return names.getOrDefault(uid, Integer.toString(uid));
    }

    private static Map<Integer, String> read(Path passwd) {
        Map<Integer, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    try {
                        out.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // malformed passwd line
                    }
                }
            }
        } catch (IOException e) {
            // no passwd file (a fixture tree): numbers only
        }
        return out;
    }

    /** A process's command line joined by spaces, or {@code [name]} when it has none (a zombie). */
    static String command(List<String> args, String name) {
        return args.isEmpty() ? "[" + name + "]" : String.join(" ", args);
    }
}
