package io.jtop.ui;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.LogLine;
import io.jtop.container.Loggable;
import io.jtop.container.Runtime;
import io.jtop.ui.widget.TextView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFeedTest {

    private final Container web = new Container("a", "web", Runtime.JTOP, "bb", 0, ContainerState.RUNNING, null,
            null, null, false);
    /** The UI thread's inbox: the test runs what the feed posts. */
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();

    /** A backend whose container writes {@code lines} lines, then follows until interrupted. */
    private static final class Writing implements Backend, Loggable {
        final int lines;
        final CountDownLatch written = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        volatile int askedTail;
        volatile boolean askedFollow;

        Writing(int lines) {
            this.lines = lines;
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<Container> list(boolean all) {
            return List.of();
        }

        @Override
        public void logs(Container c, int tail, boolean follow, Consumer<LogLine> sink) throws InterruptedException {
            askedTail = tail;
            askedFollow = follow;
            for (int i = 0; i < lines; i++) {
                sink.accept(new LogLine(null, i % 2 == 1, "line " + i));
            }
            written.countDown();
            try {
                new CountDownLatch(1).await(); // following: until the view is left
            } finally {
                stopped.countDown();
            }
        }
    }

    private void runPosted(int atLeast) throws InterruptedException {
        for (int i = 0; i < atLeast; i++) {
            Runnable r = inbox.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null, "the feed posted nothing");
            r.run();
        }
        for (Runnable r; (r = inbox.poll()) != null; ) {
            r.run();
        }
    }

    @Test
    void readsTheTailThenFollowsAndStopsWhenClosed() throws Exception {
        Writing backend = new Writing(5);
        TextView view = new TextView(100);
        LogFeed feed = new LogFeed(backend, web, view, 1000, 100, inbox::add, Exception::getMessage);
        assertEquals(List.of("reading the logs of web…"), view.lines());
        assertTrue(backend.written.await(10, TimeUnit.SECONDS));
        runPosted(1);
        assertEquals(List.of("  line 0", "! line 1", "  line 2", "! line 3", "  line 4"), view.lines());
        assertEquals(1000, backend.askedTail);
        assertTrue(backend.askedFollow);
        feed.close();
        assertTrue(backend.stopped.await(10, TimeUnit.SECONDS), "closing the view stops the follow");
    }

    @Test
    void aFloodIsHandedOverInBatchesAndKeepsOnlyWhatTheViewHolds() throws Exception {
        Writing backend = new Writing(50_000);
        TextView view = new TextView(100);
        LogFeed feed = new LogFeed(backend, web, view, 1000, 100, inbox::add, Exception::getMessage);
        assertTrue(backend.written.await(10, TimeUnit.SECONDS));
        assertTrue(inbox.size() <= 1, "one hand-over outstanding at a time, not one per line: " + inbox.size());
        runPosted(1);
        assertEquals(100, view.lineCount());
        assertEquals("! line 49999", view.lines().get(99));
        feed.close();
    }
}
