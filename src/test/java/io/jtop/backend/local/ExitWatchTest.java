package io.jtop.backend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatchTest {

    @TempDir
    Path tmp;

    @Test
    void anExitFileWrittenAsConmonWritesItIsTold() throws Exception {
        Path exits = Files.createDirectory(tmp.resolve("exits"));
        AtomicInteger told = new AtomicInteger();
        try (ExitWatch watch = new ExitWatch(exits)) {
            watch.add(told::incrementAndGet);
            watch.start();
            waitUntil("the watch to begin", () -> told.get() == 1); // it tells once as it begins
            Path temp = Files.writeString(exits.resolve(".id.tmp"), "0"); // conmon renames the file into place
            Files.move(temp, exits.resolve("id"));
            waitUntil("the exit to be told", () -> told.get() > 1);
        }
    }

    @Test
    void aDirectoryMadeAfterTheFirstStartIsWatchedFromTheNext() throws Exception {
        Path exits = tmp.resolve("exits");
        AtomicInteger told = new AtomicInteger();
        try (ExitWatch watch = new ExitWatch(exits)) {
            watch.add(told::incrementAndGet);
            watch.start();
            assertEquals(0, told.get(), "nothing to watch yet");
            Files.createDirectory(exits);
            watch.start();
            waitUntil("the watch to begin", () -> told.get() == 1);
            Files.writeString(exits.resolve("id"), "0");
            waitUntil("the exit to be told", () -> told.get() > 1);
        }
    }

    @Test
    void closingEndsItsThread() throws Exception {
        Path exits = Files.createDirectory(tmp.resolve("exits"));
        AtomicInteger told = new AtomicInteger();
        ExitWatch watch = new ExitWatch(exits);
        watch.add(told::incrementAndGet);
        watch.start();
        waitUntil("the watch to begin", () -> told.get() == 1);
        watch.close();
        waitUntil("the watch's thread to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("jtop-exits")));
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 5 s for " + what);
            Thread.sleep(5);
        }
    }
}
