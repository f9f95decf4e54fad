package io.jtop.backend.discovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code annotations} of an OCI runtime spec ({@code config.json}): the only part of a
 * bundle's spec that names a Kubernetes container. Pure: text in, map out. Everything else in the
 * spec is skipped without being kept, and annotations that are not strings are left out, as the
 * runtime spec allows only strings there.
 */
final class OciAnnotations {

    /** More annotations than any runtime writes: the rest are not read. */
    static final int MAX = 1024;
    /** Raw control characters in a string are taken as they are: the text is escaped where it is printed. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    private OciAnnotations() {
    }

    /**
     * The spec's annotations, in the order written (empty when it has none).
     *
     * @throws IllegalArgumentException when the text is not JSON, or not an object
     */
    static Map<String, String> parse(String configJson) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(configJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("annotations") && value == JsonToken.START_OBJECT) {
                    readStrings(p, out);
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("truncated JSON");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
        return out;
    }

    private static void readStrings(JsonParser p, Map<String, String> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_STRING) {
                if (out.size() < MAX) {
                    out.put(key, p.getText());
                }
            } else {
                p.skipChildren();
            }
        }
    }
}
