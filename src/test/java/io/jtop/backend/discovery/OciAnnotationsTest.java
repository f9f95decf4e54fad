package io.jtop.backend.discovery;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OciAnnotationsTest {

    @Test
    void readsTheStringAnnotationsAndSkipsEverythingElse() {
        String spec = "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],\"annotations\":{\"not\":\"these\"}},"
                + "\"annotations\":{\"a\":\"1\",\"n\":7,\"o\":{\"x\":\"y\"},\"l\":[\"z\"],\"e\":\"\\u001b[2J\\ud800\"},"
                + "\"unknown\":[{\"annotations\":{\"b\":\"2\"}}]}";
        assertEquals(Map.of("a", "1", "e", "\u001b[2J\ud800"), OciAnnotations.parse(spec));
    }

    @Test
    void aSpecWithoutAnnotationsHasNone() {
        assertEquals(Map.of(), OciAnnotations.parse("{\"ociVersion\":\"1.0.2\"}"));
        assertEquals(Map.of(), OciAnnotations.parse("{\"annotations\":null}"));
    }

    @Test
    void readsNoMoreThanTheBound() {
        StringBuilder b = new StringBuilder("{\"annotations\":{");
        for (int i = 0; i < OciAnnotations.MAX + 10; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertEquals(OciAnnotations.MAX, OciAnnotations.parse(b.append("}}").toString()).size());
    }

    @Test
    void whatIsNotAJsonObjectIsRefused() {
        for (String bad : new String[] {"", "[]", "\"s\"", "{", "{\"annotations\":{\"a\":", "{\"a\" 1}"}) {
            assertThrows(IllegalArgumentException.class, () -> OciAnnotations.parse(bad), bad);
        }
    }
}
