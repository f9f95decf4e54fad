package io.jtop.engine.bundle;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one place a spec becomes {@code config.json}, and the one place it is read back. */
public final class BundleWriter {
    public static final String CONFIG = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleWriter() {}

    /**
     * Writes {@code bundleDir/config.json} atomically: a temp file in the same directory, fsync,
     * rename. A reader sees the old file or the whole new one; the temp file goes on failure.
     */
    public static Path write(Path bundleDir, Spec spec) throws IOException {
        Path target = bundleDir.resolve(CONFIG);
        try {
            AtomicFiles.write(target, toJson(spec).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IOException("unable to write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /** The spec as OCI JSON, nulls left out. */
    public static String toJson(Spec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unable to serialise an OCI spec", e);
        }
    }

    /** Reads {@code config.json} text, ignoring fields jtop does not model. */
    public static Spec fromJson(String json) throws IOException {
        return JSON.readValue(json, Spec.class);
    }
}
