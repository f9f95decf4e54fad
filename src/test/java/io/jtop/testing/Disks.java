package io.jtop.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file system filled to its last byte, for tests of a full store, and emptied again. */
public final class Disks {

    private Disks() {
    }

    /**
     * Fills the file system of {@code dir} to its last byte, with the files {@code fill} (whole
     * blocks) and {@code fill-last} (what is left, byte by byte), as the test OCI runtime does.
     */
    public static void fill(Path dir) throws IOException {
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(dir.resolve("fill"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("fill-last"))) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException e) {
            // full
        }
    }

    /** Removes what {@link #fill} wrote. */
    public static void unfill(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("fill"));
        Files.deleteIfExists(dir.resolve("fill-last"));
    }
}
