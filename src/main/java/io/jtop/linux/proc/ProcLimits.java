package io.jtop.linux.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parses {@code /proc/<pid>/limits}. */
public final class ProcLimits {

    private static final long FALLBACK = 1024;

    private ProcLimits() {
    }

    /** Soft limit on open files from the text of a limits file, or -1 when absent or unlimited. */
    public static long parseOpenFilesSoft(String text) {
        return parseOpenFiles(text, 0);
    }

    /** Hard limit on open files from the text of a limits file, or -1 when absent or unlimited. */
    public static long parseOpenFilesHard(String text) {
        return parseOpenFiles(text, 1);
    }

    static long openFilesSoftLimit(Path limits) {
        try {
            long soft = parseOpenFilesSoft(Files.readString(limits));
            return soft > 0 ? soft : FALLBACK;
        } catch (IOException e) {
            return FALLBACK;
        }
    }

    private static long parseOpenFiles(String text, int column) {
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            if (!line.startsWith("Max open files")) {
                continue;
            }
            String[] f = line.substring("Max open files".length()).trim().split("\\s+");
            if (f.length <= column) {
                return -1;
            }
            try {
                return Long.parseLong(f[column]);
            } catch (NumberFormatException e) {
                return -1; // "unlimited"
            }
        }
        return -1;
    }
}
