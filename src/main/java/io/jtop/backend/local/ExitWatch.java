package io.jtop.backend.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells its listeners when a container of jtop's runtime exits, as it happens: conmon then writes
 * the container's exit file into the exit directory, which this watches (inotify, through the
 * JDK's watch service) on a thread of its own. A view told so lists again at once instead of at
 * its next tick. It watches only a directory that exists: the first container run makes it, and
 * {@link #start} is asked again after each run.
 */
final class ExitWatch implements AutoCloseable {

    private final Path exitDir;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private Thread thread;
    private WatchService service;
    private boolean closed;

    ExitWatch(Path exitDir) {
        this.exitDir = exitDir;
    }

    void add(Runnable listener) {
        listeners.add(listener);
    }

    /** Starts watching, once, if anyone listens and the exit directory is there. */
    synchronized void start() {
        if (closed || thread != null && thread.isAlive() || listeners.isEmpty() || !Files.isDirectory(exitDir)) {
            return;
        }
        thread = new Thread(this::watch, "jtop-exits");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                service = ws;
            }
            exitDir.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
            listeners.forEach(Runnable::run); // what exited before the watch began
            while (true) {
                WatchKey key = ws.take();
                key.pollEvents();
                listeners.forEach(Runnable::run);
                if (!key.reset()) {
                    return; // the directory went: the next start watches it again
                }
            }
        } catch (IOException | ClosedWatchServiceException e) {
            // not watchable (not this user's) or closed: views see exits at their ticks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing: nothing waits on it any more
            }
        }
    }
}
