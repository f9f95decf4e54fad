package io.jtop.engine.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory limit a container was given, read back from its bundle's {@code config.json}
 * ({@code linux.resources.memory.limit}): the bundle stays until the container is removed, so the
 * limit is known after its cgroup has gone. A file that is missing, too large, unreadable or not
 * JSON tells no limit: this is one figure of a report, never a reason to fail it.
 */
public final class BundleMemory {

    /** Far more than a config.json jtop writes; a larger file is not read. */
    static final long MAX_BYTES = 4L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleMemory() {
    }

    /** The limit in bytes, or null when the bundle sets none (absent, or not a positive number) or cannot be read. */
    public static Long limit(Path configJson) {
        try {
            if (!Files.isRegularFile(configJson) || Files.size(configJson) > MAX_BYTES) {
                return null;
            }
            JsonNode n = JSON.readTree(configJson.toFile()).path("linux").path("resources").path("memory").path("limit");
            return n.isIntegralNumber() && n.canConvertToLong() && n.asLong() > 0 ? n.asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
