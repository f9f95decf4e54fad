package io.jtop.engine.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A write that a store's file system refused as a whole, because it is full or read-only: one
 * line naming the store, why, and what could not be done, e.g. {@code the store /var/lib/jtop is
 * full (no space left on device): cannot save the record of web}. Nothing else than freeing space
 * or remounting helps, so the line says so by naming the store rather than one of its files.
 */
public final class StoreFailure extends IOException {

    private StoreFailure(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * {@code e} as a {@link StoreFailure} when it says that the file system under {@code root} is
     * full, over its quota or read-only; any other failure as it is.
     *
     * @param what what could not be done, e.g. {@code cannot save the record of web}
     */
    public static IOException of(Path root, String what, IOException e) {
        if (e instanceof StoreFailure) {
            return e;
        }
        // The JDK gives the kernel's text (strerror) of the errno, not the number.
        String text = String.valueOf(e.getMessage());
        String why;
        if (text.contains("No space left on device")) {
            why = "is full (no space left on device)";
        } else if (text.contains("Disk quota exceeded")) {
            why = "is over its quota (disk quota exceeded)";
        } else if (text.contains("Read-only file system")) {
            why = "is read-only (read-only file system)";
        } else {
            return e;
        }
        return new StoreFailure("the store " + root + " " + why + ": " + what, e);
    }
}
