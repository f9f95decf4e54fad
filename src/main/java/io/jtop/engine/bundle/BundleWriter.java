package io.jtop.engine.bundle;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one place a spec becomes {@code config.json}, and the one place it is read back. */
public final class BundleWriter {
    public static final String CONFIG = "config.json";
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Made on first use: only reading a config back needs it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

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

    /**
     * The spec as OCI JSON: each record an object of its components, in their order and under their
     * names (the spec's), a null one left out. Written through Jackson's generator, not its object
     * mapper: the mapper's set-up and its first look at the spec's records cost every cold
     * {@code jtop run} more than the rest of writing the bundle.
     */
    public static String toJson(Spec spec) {
        StringWriter out = new StringWriter(16_384);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, spec);
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("unable to serialise an OCI spec", e);
        }
        return out.toString();
    }

    /** One value of a spec: a record, a list, text, a number or a boolean. */
    private static void write(JsonGenerator g, Object value) throws IOException, ReflectiveOperationException {
        if (value instanceof Record r) {
            g.writeStartObject();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = c.getAccessor().invoke(r);
                if (v != null) {
                    g.writeFieldName(c.getName());
                    write(g, v);
                }
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object v : list) {
                write(g, v);
            }
            g.writeEndArray();
        } else if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long n) {
            g.writeNumber(n);
        } else if (value instanceof Integer n) {
            g.writeNumber(n);
        } else if (value instanceof BigInteger n) {
            g.writeNumber(n);
        } else {
            throw new IllegalArgumentException("a spec holds no " + value.getClass().getName());
        }
    }

    /** Reads {@code config.json} text, ignoring fields jtop does not model. */
    public static Spec fromJson(String json) throws IOException {
        return Json.MAPPER.readValue(json, Spec.class);
    }
}
