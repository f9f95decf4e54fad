package io.jtop.linux.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user names of a {@code passwd(5)} file: lines of {@code name:password:uid:gid:…}. Read whole
 * at each question (a name is kept by its caller), at most {@link #MAX_BYTES}; a line that is not
 * such a line is skipped.
 */
final class PasswdFile {

    /** Far more than a host's users; a larger file is read this far. */
    static final int MAX_BYTES = 1 << 20;

    private PasswdFile() {
    }

    /** The first name the file gives {@code uid}, or null when it names none or cannot be read. */
    static String name(Path file, int uid) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return name(new String(bytes, StandardCharsets.UTF_8), uid);
    }

    /** The first name {@code text} gives {@code uid}, or null. */
    static String name(String text, int uid) {
        String wanted = Integer.toString(uid);
        for (String line : text.split("\n")) {
            String[] f = line.split(":", 4);
            if (f.length == 4 && f[2].equals(wanted) && !f[0].isEmpty() && !f[0].startsWith("+")
                    && !f[0].startsWith("-")) {
                return f[0];
            }
        }
        return null;
    }
}
