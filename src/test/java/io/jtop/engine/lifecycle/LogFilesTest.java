package io.jtop.engine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ctr.log")).sorted().toList();
        }
    }

    private String text(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void eachStartKeepsThePreviousRunsUpToMaxFiles() throws Exception {
        for (int run = 1; run <= 4; run++) {
            LogFiles.rotate(dir, 3);
            Files.writeString(LogFiles.current(dir), "run " + run);
        }
        assertEquals(List.of("ctr.log", "ctr.log.1", "ctr.log.2"), files());
        assertEquals("run 4", text("ctr.log"));
        assertEquals("run 3", text("ctr.log.1"));
        assertEquals("run 2", text("ctr.log.2"));
        assertEquals(List.of(dir.resolve("ctr.log.2"), dir.resolve("ctr.log.1")), LogFiles.kept(dir), "oldest first");
    }

    @Test
    void oneFileKeepsNothingOfThePreviousRunAndAnEmptyLogIsNotKept() throws Exception {
        Files.writeString(LogFiles.current(dir), "old");
        LogFiles.rotate(dir, 1);
        assertEquals(List.of(), files());
        Files.writeString(LogFiles.current(dir), "");
        Files.writeString(dir.resolve("ctr.log.1"), "kept");
        LogFiles.rotate(dir, 3);
        assertEquals(List.of("ctr.log.1"), files());
    }

    @Test
    void fewerFilesThanBeforeDropsTheOldestAndConmonsTempFileGoes() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Files.writeString(dir.resolve("ctr.log." + i), "old " + i);
        }
        Files.writeString(dir.resolve("ctr.log.tmp"), "conmon died between open and rename");
        Files.writeString(dir.resolve("ctr.log.x"), "not ours");
        Files.writeString(LogFiles.current(dir), "now");
        LogFiles.rotate(dir, 2);
        assertEquals(List.of("ctr.log.1", "ctr.log.x"), files());
        assertEquals("now", text("ctr.log.1"));
    }

    @Test
    void optionsAreSavedForTheNextStartAndADamagedFileMeansTheDefaults() throws Exception {
        new LogOptions(1 << 20, 2).save(dir);
        assertEquals(new LogOptions(1 << 20, 2), LogOptions.load(dir));
        Files.writeString(dir.resolve(LogOptions.FILE), "max-size=lots\n");
        assertEquals(LogOptions.DEFAULT, LogOptions.load(dir));
        Files.delete(dir.resolve(LogOptions.FILE));
        assertEquals(LogOptions.DEFAULT, LogOptions.load(dir));
        assertThrows(IllegalArgumentException.class, () -> new LogOptions(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogOptions(1, 0));
        assertFalse(Files.exists(dir.resolve("ctr.log")));
    }
}
