package io.jtop.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageJsonTest {

    /** An image file as jtop wrote it with Jackson's object mapper, before this reader. */
    private static final String WRITTEN_BY_THE_MAPPER = """
            {
              "id" : "sha256:8787de7c72e4e3a49726ef6c6aa05f555fae71b2e266470d410f275401cedee2",
              "names" : [ "busybox:latest" ],
              "layers" : [ "sha256:acd4b32cc581bdc7a503b0ee2caa01c73a1736b845f56e00b7c66125878806e8" ],
              "config" : {
                "Env" : [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" ],
                "Entrypoint" : null,
                "Cmd" : [ "/bin/sh" ],
                "WorkingDir" : "/",
                "User" : null,
                "Labels" : { }
              },
              "created" : "2026-12-05T15:06:52.458033120Z",
              "size" : 1982256,
              "removed" : false
            }""";

    @TempDir
    Path tmp;

    @Test
    void readsWhatTheMapperWroteAndWritesItTheSame() throws IOException {
        Image image = ImageJson.read(bytes(WRITTEN_BY_THE_MAPPER));
        assertEquals(new Image("sha256:8787de7c72e4e3a49726ef6c6aa05f555fae71b2e266470d410f275401cedee2",
                List.of("busybox:latest"), List.of("sha256:acd4b32cc581bdc7a503b0ee2caa01c73a1736b845f56e00b7c66125878806e8"),
                new ImageConfig(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null,
                        List.of("/bin/sh"), "/", null, Map.of()),
                "2026-12-05T15:06:52.458033120Z", 1982256, false), image);
        assertEquals(WRITTEN_BY_THE_MAPPER, new String(ImageJson.write(image), StandardCharsets.UTF_8));
    }

    @Test
    void everyFieldRoundTrips() throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("b", "2");
        labels.put("a", "1");
        for (Image image : List.of(
                new Image("sha256:ab", List.of("x:1", "y:2"), List.of("sha256:01", "sha256:02"),
                        new ImageConfig(List.of("A=1"), List.of("/init"), List.of("-v"), "/srv", "1000:100", labels),
                        null, Long.MAX_VALUE, true),
                new Image("sha256:cd", List.of(), List.of(), null, "2026-01-01T00:00:00Z", 0, false))) {
            assertEquals(image, ImageJson.read(ImageJson.write(image)));
        }
    }

    @Test
    void unknownFieldsAreSkippedAndMissingOnesEmpty() throws IOException {
        Image image = ImageJson.read(bytes("{\"future\":{\"a\":[1,{}]},\"id\":\"sha256:ab\",\"config\":{\"Shell\":[\"sh\"]}}"));
        assertEquals(new Image("sha256:ab", List.of(), List.of(), new ImageConfig(null, null, null, null, null, null),
                null, 0, false), image);
    }

    @Test
    void aBrokenFileIsOneLineOfOurs() {
        for (String json : List.of("", "{", "[]", "{\"id\":1}", "{\"names\":\"x\"}", "{\"id\":\"a\",\"size\":1e99}",
                "{\"id\":\"a\",\"size\":99999999999999999999}", "{\"names\":[]}", "{\"id\":\"a\"} x", "\u0000")) {
            IOException e = assertThrows(IOException.class, () -> ImageJson.read(bytes(json)), json);
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("Jackson")
                    || e.getMessage().contains("[Source"), json + ": " + e.getMessage());
        }
    }

    @Test
    void theStoreNamesTheFileItCannotRead() throws IOException {
        ImageStore store = new ImageStore(tmp);
        Path file = Files.createDirectories(tmp.resolve("images")).resolve("ab.json");
        Files.writeString(file, "{\"id\":");
        IOException e = assertThrows(IOException.class, store::list);
        assertTrue(e.getMessage().startsWith("unable to read the image " + file + ": "), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
