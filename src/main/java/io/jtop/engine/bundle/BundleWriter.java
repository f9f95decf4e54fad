package io.jtop.engine.bundle;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/** The one place a spec becomes {@code config.json}, and the one place it is read back. */
public final class BundleWriter {
    public static final String CONFIG = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addSerializer(Spec.Seccomp.class, new SeccompJson()));

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

    /**
     * Writes the seccomp section field by field, as Jackson would from the records, without the
     * reflection Jackson would first spend on three more types: it is on every {@code jtop run}.
     */
    private static final class SeccompJson extends StdSerializer<Spec.Seccomp> {
        SeccompJson() {
            super(Spec.Seccomp.class);
        }

        @Override
        public void serialize(Spec.Seccomp s, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            text(g, "defaultAction", s.defaultAction());
            number(g, "defaultErrnoRet", s.defaultErrnoRet());
            strings(g, "architectures", s.architectures());
            strings(g, "flags", s.flags());
            text(g, "listenerPath", s.listenerPath());
            text(g, "listenerMetadata", s.listenerMetadata());
            if (s.syscalls() != null) {
                g.writeArrayFieldStart("syscalls");
                for (Spec.Syscall c : s.syscalls()) {
                    g.writeStartObject();
                    strings(g, "names", c.names());
                    text(g, "action", c.action());
                    number(g, "errnoRet", c.errnoRet());
                    if (c.args() != null) {
                        g.writeArrayFieldStart("args");
                        for (Spec.SeccompArg a : c.args()) {
                            g.writeStartObject();
                            g.writeNumberField("index", a.index());
                            g.writeNumberField("value", a.value());
                            g.writeNumberField("valueTwo", a.valueTwo());
                            g.writeStringField("op", a.op());
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }

        private static void text(JsonGenerator g, String field, String value) throws IOException {
            if (value != null) {
                g.writeStringField(field, value);
            }
        }

        private static void number(JsonGenerator g, String field, Long value) throws IOException {
            if (value != null) {
                g.writeNumberField(field, value);
            }
        }

        private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
            if (values != null) {
                g.writeArrayFieldStart(field);
                for (String v : values) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
        }
    }

    /** Reads {@code config.json} text, ignoring fields jtop does not model. */
    public static Spec fromJson(String json) throws IOException {
        return JSON.readValue(json, Spec.class);
    }
}
