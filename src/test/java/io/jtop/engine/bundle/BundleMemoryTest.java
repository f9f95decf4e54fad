package io.jtop.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BundleMemoryTest {

    @TempDir
    Path dir;

    private Long limitOf(String json) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, json);
        return BundleMemory.limit(config);
    }

    @Test
    void theLimitIsReadBackFromTheBundle() throws IOException {
        assertEquals(33554432L, limitOf("{\"linux\":{\"resources\":{\"memory\":{\"limit\":33554432,\"swap\":33554432}}}}"));
    }

    @Test
    void noLimitAndABadBundleTellNone() throws IOException {
        assertNull(limitOf("{\"linux\":{\"resources\":{}}}"), "no memory section");
        assertNull(limitOf("{\"linux\":{\"resources\":{\"memory\":{\"limit\":-1}}}}"), "-1: unlimited");
        assertNull(limitOf("{\"linux\":{\"resources\":{\"memory\":{\"limit\":\"32m\"}}}}"), "not a number");
        assertNull(limitOf("{\"linux\":{\"resources\":{\"memory\":{\"limit\":1e40}}}}"), "not whole");
        assertNull(limitOf("{\"linux\":{\"resources\":{\"memory\":{\"limit\":3"), "truncated (disk full)");
        assertNull(limitOf("[]"), "not an object");
        assertNull(BundleMemory.limit(dir.resolve("missing.json")), "removed");
        assertNull(BundleMemory.limit(dir), "a directory");
    }

    @Test
    void aHugeFileIsNotRead() throws IOException {
        Path config = dir.resolve("config.json");
        try (RandomAccessFile f = new RandomAccessFile(config.toFile(), "rw")) {
            f.setLength(BundleMemory.MAX_BYTES + 1); // sparse
        }
        assertNull(BundleMemory.limit(config));
    }
}
