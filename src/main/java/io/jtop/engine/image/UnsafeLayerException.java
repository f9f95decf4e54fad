package io.jtop.engine.image;

import java.io.IOException;

/** A layer entry that would write, link or change anything outside the layer's directory, or is malformed. */
public final class UnsafeLayerException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String entry;

    public UnsafeLayerException(String entry, String reason) {
        super("unsafe layer entry '" + printable(entry) + "': " + printable(reason));
        this.entry = entry;
    }

    /** {@code s} with control characters shown as {@code ?}, so a hostile name cannot break a log line. */
    static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** The entry's name as the archive spells it. */
    public String entry() {
        return entry;
    }
}
