package io.jtop.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    /**
     * Another jtop process renames and removes entries of the records' directory (a record being
     * created, one being removed) while this one closes the store at its first write, outside the
     * records' lock: an entry gone between the listing and its look is not an error. Two
     * {@code jtop run -d} at once failed with "no such file or directory: …/containers/.tmp-new-…"
     * once the store held a couple of hundred records.
     */
    @Test
    void closingAStoreWhileItsEntriesComeAndGo() throws Exception {
        Path store = Files.createDirectory(tmp.resolve("store"));
        int entries = 3000;
        for (int i = 0; i < entries; i++) {
            Files.createDirectory(store.resolve("e" + i), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        AtomicBoolean done = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            try {
                while (!done.get()) {
                    for (int i = 0; i < entries && !done.get(); i++) {
                        Path e = store.resolve("e" + i);
                        Path away = store.resolve(".tmp-e" + i);
                        Files.move(e, away);
                        Files.move(away, e);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        churn.start();
        try {
            AtomicFiles.privateStore(store);
        } finally {
            done.set(true);
            churn.join();
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
    }
}
