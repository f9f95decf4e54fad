package io.jtop.backend.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class MemoryPeakFileTest {

    @TempDir
    Path dir;

    @Test
    void theFigureKeptIsReadBackAndNoneRemovesAnEarlierRuns() throws Exception {
        assertNull(MemoryPeakFile.read(dir), "none kept");
        MemoryPeakFile.write(dir, 32L << 20);
        assertEquals(32L << 20, MemoryPeakFile.read(dir));
        MemoryPeakFile.write(dir, null);
        assertFalse(Files.exists(dir.resolve(MemoryPeakFile.NAME)));
        assertNull(MemoryPeakFile.read(dir));
    }

    @Test
    void anythingButAPositiveNumberReadsAsUnknown() throws Exception {
        Path file = dir.resolve(MemoryPeakFile.NAME);
        for (String text : new String[] {"", "-5", "0", "12abc", "\u001b[2J", "9".repeat(30), "1".repeat(100_000)}) {
            Files.writeString(file, text);
            assertNull(MemoryPeakFile.read(dir), text.length() > 40 ? "100k digits" : text);
        }
        Files.delete(file);
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "123");
        Files.createSymbolicLink(file, elsewhere);
        assertNull(MemoryPeakFile.read(dir), "a link is not followed");
    }
}
