package io.jtop.engine.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Image} as the store keeps it ({@code images/<hex>.json}), through Jackson's streaming
 * parser and generator rather than its object mapper: every {@code jtop run} reads the store's
 * images, and would otherwise pay for the mapper's set-up and its first look at the two records
 * (figures: the start benchmark in src/bench/README.md). The layout is the one the mapper wrote:
 * the image's fields by their names, its configuration's under the OCI names ({@code Env},
 * {@code Entrypoint}, {@code Cmd}, {@code WorkingDir}, {@code User}, {@code Labels}). Unknown
 * fields are skipped.
 */
final class ImageJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ImageJson() {
    }

    static byte[] write(Image image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("id", image.id());
            strings(g, "names", image.names());
            strings(g, "layers", image.layers());
            ImageConfig c = image.config();
            g.writeFieldName("config");
            if (c == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                strings(g, "Env", c.env());
                strings(g, "Entrypoint", c.entrypoint());
                strings(g, "Cmd", c.cmd());
                g.writeStringField("WorkingDir", c.workingDir());
                g.writeStringField("User", c.user());
                g.writeFieldName("Labels");
                if (c.labels() == null) {
                    g.writeNull();
                } else {
                    g.writeStartObject();
                    for (Map.Entry<String, String> e : c.labels().entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeStringField("created", image.created());
            g.writeNumberField("size", image.size());
            g.writeBooleanField("removed", image.removed());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Parses an image; the exception says what is wrong in words of its own, never the parser's. */
    static Image read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            Image image = image(p);
            if (p.nextToken() != null) {
                throw new IOException("more text after the image");
            }
            return image;
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON, or cut short");
        }
    }

    private static Image image(JsonParser p) throws IOException {
        String id = null, created = null;
        List<String> names = null, layers = null;
        ImageConfig config = null;
        long size = 0;
        boolean removed = false;
        expect(p.nextToken(), JsonToken.START_OBJECT, "the image");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, t, field);
                case "names" -> names = strings(p, t, field);
                case "layers" -> layers = strings(p, t, field);
                case "config" -> config = t == JsonToken.VALUE_NULL ? null : config(p, t);
                case "created" -> created = text(p, t, field);
                case "size" -> size = number(p, t, field);
                case "removed" -> removed = t == JsonToken.VALUE_TRUE;
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw new IOException("no id");
        }
        return new Image(id, names == null ? List.of() : names, layers == null ? List.of() : layers, config, created,
                size, removed);
    }

    private static ImageConfig config(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT, "config");
        List<String> env = null, entrypoint = null, cmd = null;
        String workingDir = null, user = null;
        Map<String, String> labels = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "Env" -> env = strings(p, v, field);
                case "Entrypoint" -> entrypoint = strings(p, v, field);
                case "Cmd" -> cmd = strings(p, v, field);
                case "WorkingDir" -> workingDir = text(p, v, field);
                case "User" -> user = text(p, v, field);
                case "Labels" -> labels = labels(p, v);
                default -> p.skipChildren();
            }
        }
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, labels);
    }

    private static Map<String, String> labels(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_OBJECT, "Labels");
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            out.put(key, text(p, p.nextToken(), "Labels"));
        }
        return out;
    }

    private static List<String> strings(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.START_ARRAY, field);
        List<String> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            out.add(text(p, t, field));
        }
        return out;
    }

    /** Parsed from its text: Jackson's own number parsing compiles regular expressions, cold. */
    private static long number(JsonParser p, JsonToken t, String field) throws IOException {
        expect(t, JsonToken.VALUE_NUMBER_INT, field);
        try {
            return Long.parseLong(p.getText());
        } catch (NumberFormatException e) {
            throw new IOException(field + " is out of range");
        }
    }

    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.VALUE_STRING, field);
        return p.getText();
    }

    private static void expect(JsonToken t, JsonToken wanted, String what) throws IOException {
        if (t != wanted) {
            throw new IOException(what + " is not " + switch (wanted) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_NUMBER_INT -> "a whole number";
                default -> "text";
            });
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeFieldName(field);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
