package io.jtop.linux.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seq_file of many records gives about a page per read; {@link KernelFiles#readOnce} must read
 * to the end. This JVM's own memory map is such a file, and always far longer than a page.
 */
class KernelFilesReadOnceTest {

    @Test
    void aSeqFileOfManyRecordsIsReadToTheEnd() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        String once = new KernelFiles(4).readOnce(maps);
        int lines = (int) Files.readString(maps).lines().count();
        assertTrue(once.length() > 16 * 1024, "only " + once.length() + " bytes: cut after the first read");
        assertTrue(once.endsWith("\n"), "ends with a whole record");
        // Threads of this JVM may map or unmap a few regions between the two reads.
        assertEquals(lines, once.lines().count(), lines / 10.0);
    }

    @Test
    void aRegularFileIsReadWhole(@TempDir Path dir) throws Exception {
        String text = "x".repeat(100_000) + "\n";
        Files.writeString(dir.resolve("f"), text);
        assertEquals(text, new KernelFiles(4).readOnce(dir.resolve("f")));
    }

    /** Around the first page and its doublings, and past the most it reads: a file of MAX_FILE + 10 gives MAX_FILE. */
    @Test
    void eachSizeIsReadWholeUpToTheMost(@TempDir Path dir) throws Exception {
        KernelFiles files = new KernelFiles(4);
        for (int size : new int[] {0, 1, 4095, 4096, 4097, 8192, 8193, KernelFile.MAX_FILE, KernelFile.MAX_FILE + 10}) {
            StringBuilder b = new StringBuilder(size);
            for (int i = 0; i < size; i++) {
                b.append((char) ('a' + i % 26));
            }
            Files.writeString(dir.resolve("f"), b);
            String read = files.readOnce(dir.resolve("f"));
            assertEquals(Math.min(size, KernelFile.MAX_FILE), read.length(), "size " + size);
            assertEquals(b.substring(0, read.length()), read, "size " + size);
        }
    }

    @Test
    void aMissingFileOrADirectoryIsNullAndBytesAreLatin1(@TempDir Path dir) throws Exception {
        KernelFiles files = new KernelFiles(4);
        assertEquals(null, files.readOnce(dir.resolve("gone")));
        assertEquals(null, files.readOnce(dir));
        Files.write(dir.resolve("b"), new byte[] {'a', (byte) 0xe9, (byte) 0xff, '\n'});
        assertEquals("a\u00e9\u00ff\n", files.readOnce(dir.resolve("b")));
        assertTrue(files.deniedPaths().isEmpty());
    }
}
