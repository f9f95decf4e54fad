package io.jtop.engine.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * A mount to perform, described but not done: {@link Mounter} is the one place that acts on it.
 *
 * @param type             file system type, e.g. {@code overlay}
 * @param source           the source mount(8) is given ({@code overlay} for an overlay)
 * @param target           where it is mounted
 * @param options          mount options, joined with commas when mounted
 * @param workingDirectory the directory mount(8) runs in: options may hold paths relative to it
 */
public record Mount(String type, String source, Path target, List<String> options, Path workingDirectory) {

    public Mount {
        options = List.copyOf(options);
    }

    /** The options as mount(8) takes them after {@code -o}. */
    public String optionString() {
        return String.join(",", options);
    }
}
