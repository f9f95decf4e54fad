package io.jtop.backend.docker;

import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.EventLog;
import io.jtop.container.LogLine;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine backend's caching, events and reconnection against a fake engine. */
class EngineBackendTest {

    @TempDir
    Path tmp;

    private final List<EngineBackend> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(EngineBackend::close);
    }

    /** An engine in memory: containers by id, the pids inspect gives, events it can send or end. */
    static final class FakeEngine implements Engine {
        final Map<String, Container> containers = new ConcurrentHashMap<>();
        final Map<String, Integer> pids = new ConcurrentHashMap<>();
        final AtomicInteger inspects = new AtomicInteger();
        /** Ids inspected, in order. */
        final List<String> inspected = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile String since = "unset";
        volatile Consumer<Event> onEvent;
        volatile Consumer<Throwable> onEnd;

        void add(String id, String name, int pid) {
            containers.put(id, new Container(id, name, Runtime.DOCKER, "bb", 0, ContainerState.RUNNING, null, null,
                    null, false));
            pids.put(id, pid);
        }

        final AtomicInteger lists = new AtomicInteger();

        @Override
        public List<Container> list() {
            List<Container> out = new ArrayList<>();
            for (Container c : containers.values()) { // new objects at every call, as an engine's answer
                out.add(new Container(c.id(), c.name(), c.runtime(), c.image(), c.pid(), c.state(), c.cgroup(),
                        c.startedAt(), c.exitCode(), c.oomKilled(), c.details()));
            }
            lists.incrementAndGet();
            return out;
        }

        @Override
        public Container inspect(String id) {
            inspects.incrementAndGet();
            inspected.add(id);
            Container c = containers.get(id);
            return c == null ? null : new Container(id, c.name(), c.runtime(), c.image(), pids.get(id), c.state(),
                    null, null, null, false);
        }

        /** Ids whose inspect JSON was asked for, in order. */
        final List<String> jsons = new CopyOnWriteArrayList<>();

        @Override
        public String inspectJson(String id) {
            jsons.add(id);
            return containers.containsKey(id) ? "{\"Id\":\"" + id + "\"}" : null;
        }

        @Override
        public Closeable events(String since, Consumer<Event> onEvent, Consumer<Throwable> onEnd) {
            this.since = since;
            this.onEvent = onEvent;
            this.onEnd = onEnd;
            return () -> { };
        }

        /** What {@link #pastEvents} answers, and the windows asked for (since, until). */
        final List<Event> past = new CopyOnWriteArrayList<>();
        final List<String> pastAsks = new CopyOnWriteArrayList<>();

        @Override
        public List<Event> pastEvents(String id, String since, String until, int max) {
            pastAsks.add(id + " " + since + " " + until);
            List<Event> mine = past.stream().filter(e -> e.id().equals(id)).toList();
            return mine.subList(Math.max(0, mine.size() - max), mine.size());
        }

        /** Podman's side: each container's pod (none when absent), each pod's cgroup, the questions asked. */
        final Map<String, PodMember> members = new ConcurrentHashMap<>();
        final Map<String, String> podCgroups = new ConcurrentHashMap<>();
        final List<String> podAsks = new CopyOnWriteArrayList<>();
        volatile RuntimeException podFailure;
        volatile Semaphore podGate;

        void addToPod(String id, String name, int pid, String podId, String podName, boolean infra) {
            add(id, name, pid);
            members.put(id, new PodMember(id, podId, podName, infra));
        }

        @Override
        public List<PodMember> podMembers(Collection<String> ids) {
            podAsks.add("members " + (ids == null ? "all" : String.join(",", new TreeSet<>(ids))));
            Semaphore gate = podGate;
            if (gate != null) {
                gate.acquireUninterruptibly();
            }
            RuntimeException failure = podFailure;
            if (failure != null) {
                throw failure;
            }
            List<PodMember> out = new ArrayList<>();
            for (String id : containers.keySet()) {
                if (ids == null || ids.contains(id)) {
                    out.add(members.getOrDefault(id, new PodMember(id, null, null, false)));
                }
            }
            return out;
        }

        @Override
        public String podCgroup(String podId) {
            podAsks.add("cgroup " + podId);
            return podCgroups.get(podId);
        }

        @Override
        public void start(String id) {
            calls.add("start " + id);
        }

        @Override
        public void stop(String id, int graceSeconds) {
            calls.add("stop " + id + " " + graceSeconds);
        }

        @Override
        public void restart(String id, int graceSeconds) {
            calls.add("restart " + id + " " + graceSeconds);
        }

        @Override
        public void kill(String id, String signal) {
            throw new EngineException(500, "Invalid signal: " + signal, null);
        }

        @Override
        public void pause(String id) {
            calls.add("pause " + id);
        }

        @Override
        public void unpause(String id) {
            calls.add("unpause " + id);
        }

        @Override
        public void remove(String id, boolean force) {
            calls.add("remove " + id + " " + force);
        }

        @Override
        public void logs(String id, int tail, boolean follow, Consumer<LogLine> sink) {
            sink.accept(new LogLine(null, false, id + " " + tail + " " + follow));
        }

        @Override
        public void close() {
        }
    }

    private Path socket() throws Exception {
        return Files.createFile(tmp.resolve("docker.sock"));
    }

    private EngineBackend backend(Path socket, EngineBackend.Connector connector, long firstWait) {
        EngineBackend b = new EngineBackend("docker", Runtime.DOCKER, List.of(socket), connector, firstWait,
                new Backoff(10, 40), () -> null);
        opened.add(b);
        return b;
    }

    private EngineBackend podman(Path socket, Engine engine, long firstWait) {
        EngineBackend b = new EngineBackend("podman", Runtime.PODMAN, List.of(socket), (rt, s) -> engine, firstWait,
                new Backoff(10, 40), () -> null);
        opened.add(b);
        return b;
    }

    private static Container byId(EngineBackend b, String id) {
        return b.list(true).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aViewsFirstListingDoesNotWaitForTheEngine() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        Semaphore slowConnect = new Semaphore(0);
        CountDownLatch told = new CountDownLatch(1);
        AtomicInteger connects = new AtomicInteger();
        EngineBackend b = backend(socket(), (rt, s) -> {
            connects.incrementAndGet();
            slowConnect.acquireUninterruptibly();
            return engine;
        }, 0);
        b.onChange(told::countDown);
        assertEquals(List.of(), b.list(false), "nothing known yet, and no waiting for it");
        Thread.sleep(100);
        assertEquals(0, connects.get(), "the client is not started before the view's first frame is out");
        b.firstFrameShown();
        assertEquals(List.of(), b.list(false), "still no waiting");
        slowConnect.release();
        assertTrue(told.await(5, TimeUnit.SECONDS), "listeners hear of the first listing");
        Container c = b.list(false).get(0);
        assertEquals("web", c.name());
        assertEquals(0, c.pid(), "not inspected: the cgroup tree tells its pid when the lists are merged");
        assertEquals(0, engine.inspects.get());
        assertNull(b.status());
    }

    @Test
    void aCommandsFirstListingWaitsForTheEngine() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        assertEquals(1, b.list(true).size());
    }

    @Test
    void anEventRelistsAndInspectsOnlyWhatItNames() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        engine.add("b2", "db", 200);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        assertEquals(2, b.list(true).size());
        assertEquals(0, engine.inspects.get(), "a listing inspects nothing");

        engine.pids.put("a1", 101); // restarted: a new init
        engine.add("c3", "cache", 300);
        engine.onEvent.accept(new Engine.Event("a1", "restart", 1_700_000_000_123_456_789L));
        engine.onEvent.accept(new Engine.Event("c3", "start", 1_700_000_001_000_000_000L));
        // Each event may relist on its own or both in one relisting, as the watcher's thread is
        // scheduled: when a1's relisting runs before c3's event is sent, it lists c3 uninspected
        // (first seen) and c3's own event inspects it at the relisting after. So wait until both
        // pids, which only an inspection gives, are listed: a1 and c3 inspected, b2 never.
        await(() -> b.list(true).stream().anyMatch(c -> c.pid() == 101)
                        && b.list(true).stream().anyMatch(c -> c.pid() == 300),
                "the restarted container's new pid and the new container's");
        List<String> after = engine.inspected;
        assertTrue(after.contains("a1") && after.contains("c3"), "a1 again and c3: " + after);
        assertFalse(after.contains("b2"), "b2 not: " + after);
    }

    @Test
    void aDroppedStreamDropsTheListingSaysReconnectingAndAsksForEventsSinceTheLast() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        AtomicInteger connects = new AtomicInteger();
        Semaphore allowReconnect = new Semaphore(0);
        EngineBackend b = backend(socket(), (rt, s) -> {
            if (connects.incrementAndGet() > 1 && !allowReconnect.tryAcquire()) {
                throw new Engine.EngineException(0, s + ": connection refused (no daemon behind it)", null);
            }
            return engine;
        }, 5_000);
        assertEquals(1, b.list(false).size());
        assertNull(engine.since, "the first connection asks for events from now on");
        engine.onEvent.accept(new Engine.Event("a1", "start", 1_700_000_000_123_456_789L));
        await(() -> b.list(false).get(0).pid() == 100, "the event's relisting inspected it");

        engine.pids.put("a1", 555); // the daemon restarted its container meanwhile
        engine.onEnd.accept(null);
        await(() -> b.status() != null && b.status().startsWith("reconnecting"), "status says reconnecting");
        assertTrue(b.status().contains("connection refused") || b.status().contains("event stream ended"), b.status());
        assertEquals(List.of(), b.list(true), "no pids of a daemon that went away");
        await(() -> connects.get() >= 3, "retries with backoff");

        allowReconnect.release();
        await(() -> b.status() == null && !b.list(true).isEmpty(), "reconnected");
        assertEquals("1700000000.123456789", engine.since, "events since the last one seen");
        assertEquals(0, b.list(true).get(0).pid(),
                "listed again, and no pid kept from before: the cgroup tree tells the new one");
    }

    @Test
    void aContainerWhoseStateMovedIsInspectedAndKeepsItsRunWhileItStays() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        assertEquals(0, b.list(true).get(0).pid());
        Container paused = engine.containers.get("a1").withState(ContainerState.PAUSED);
        engine.containers.put("a1", paused);
        b.changed(new Container("zz", null, Runtime.DOCKER, null, 0, ContainerState.RUNNING, null, null, null, false));
        await(() -> b.list(true).get(0).state() == ContainerState.PAUSED, "relisted");
        assertEquals(List.of("a1"), engine.inspected, "its state moved");
        assertEquals(100, b.list(true).get(0).pid());
        Container kept = b.list(true).get(0);
        int lists = engine.lists.get();
        b.changed(new Container("zz", null, Runtime.DOCKER, null, 0, ContainerState.RUNNING, null, null, null, false));
        await(() -> engine.lists.get() > lists, "listed again");
        assertEquals(100, b.list(true).get(0).pid(), "the run stays known while its state does");
        assertSame(kept, b.list(true).get(0), "the same object while nothing changed: what others kept of it stays good");
        assertEquals(List.of("a1"), engine.inspected);
    }

    @Test
    void theRunOfAnInspectionGoesWithTheListsFields() {
        Instant created = Instant.parse("2026-11-29T07:00:00Z");
        Instant started = Instant.parse("2026-11-29T07:00:01Z");
        Container listed = new Container("a1", "web", Runtime.DOCKER, "bb", 0, ContainerState.EXITED, null, created,
                137, false, new Details(Map.of("a", "b"), null, null, created));
        Container inspected = new Container("a1", "web", Runtime.DOCKER, "bb:1", 0, ContainerState.EXITED, null,
                created, 137, true, new Details(Map.of(), "healthy", 3, created));
        Container both = EngineBackend.withRunOf(listed, inspected);
        assertTrue(both.oomKilled());
        assertEquals(listed.details(), both.details(), "restart counts only from a closer look (detailed)");
        assertEquals("bb", both.image());
        Container running = new Container("a1", "web", Runtime.DOCKER, "bb", 42, ContainerState.RUNNING, null, started,
                null, false, null);
        Container now = EngineBackend.withRunOf(listed.withState(ContainerState.RUNNING), running);
        assertEquals(42, now.pid());
        assertEquals(started, now.startedAt());
        assertEquals(137, now.exitCode(), "the list's, as the inspection tells none");
        assertEquals(listed, EngineBackend.withRunOf(listed, listed), "nothing more known than the list");
    }

    /** The list's "5 minutes ago" is another instant at each listing; the first one known stays. */
    @Test
    void theExitTimeFirstKnownStaysFromListingToListing() {
        Instant created = Instant.parse("2026-11-29T07:00:00Z");
        Instant exited = Instant.parse("2026-11-29T08:00:00Z");
        Container before = new Container("a1", "web", Runtime.DOCKER, "bb", 0, ContainerState.EXITED, null, created,
                137, false, null).withFinishedAt(exited);
        Container relisted = before.withFinishedAt(exited.plusSeconds(2));
        Container now = EngineBackend.withRunOf(relisted, before);
        assertEquals(before, now, "the same container: no change to publish");
        Container noCode = new Container("a1", "web", Runtime.DOCKER, "bb", 0, ContainerState.EXITED, null, created,
                null, false, null);
        assertEquals(exited, EngineBackend.withRunOf(noCode.withFinishedAt(exited.plusSeconds(2)),
                noCode.withFinishedAt(exited)).finishedAt());
    }

    @Test
    void detailedIsTheEnginesInspectionWithTheListedCgroup() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        Container merged = new Container("a1", "web", Runtime.DOCKER, "bb", 99, ContainerState.RUNNING, "/docker/a1",
                null, null, false);
        Container d = b.detailed(merged);
        assertEquals(100, d.pid(), "the engine's");
        assertEquals("/docker/a1", d.cgroup(), "the cgroup tree's");
    }

    @Test
    void withoutASocketNothingIsLoadedOrReported() {
        AtomicInteger connects = new AtomicInteger();
        EngineBackend b = backend(tmp.resolve("absent.sock"), (rt, s) -> {
            connects.incrementAndGet();
            throw new AssertionError("no connection without a socket");
        }, 5_000);
        assertEquals(List.of(), b.list(true));
        assertNull(b.status());
        assertEquals(0, connects.get());
    }

    @Test
    void anEngineThatCannotBeReachedIsOneStatusLine() throws Exception {
        EngineBackend b = backend(socket(), (rt, s) -> {
            throw new Engine.EngineException(0, "permission denied on " + s, null);
        }, 5_000);
        assertEquals(List.of(), b.list(true));
        assertEquals("permission denied on " + tmp.resolve("docker.sock"), b.status());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.stop(new Container("a1", "web", Runtime.DOCKER, null, 0, ContainerState.RUNNING, null, null,
                        null, false), 10));
        assertEquals("docker is not reachable: permission denied on " + tmp.resolve("docker.sock"), e.getMessage());
    }

    @Test
    void actionsGoToTheEngineAndItsRefusalsAreOneLine() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        Container c = b.list(true).get(0);
        b.stop(c, 3);
        b.restart(c, 4);
        b.pause(c);
        b.resume(c);
        b.remove(c, true);
        b.start(c);
        assertEquals(List.of("stop a1 3", "restart a1 4", "pause a1", "unpause a1", "remove a1 true", "start a1"),
                engine.calls);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.kill(c, "BOGUS"));
        assertEquals("docker: Invalid signal: BOGUS", e.getMessage());
        List<LogLine> logs = new ArrayList<>();
        b.logs(c, 5, false, logs::add);
        assertEquals(List.of(new LogLine(null, false, "a1 5 false")), logs);
        assertTrue(b.config(c).contains("\"Id\" : \"a1\""), "indented inspect JSON");
    }

    @Test
    void aHostileEventStreamKeepsBoundedEscapableTimelines() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        Container a1 = b.list(true).get(0);
        String huge = "\u001b]0;owned\u0007\u001b[2J" + "x".repeat(1 << 20);
        for (int i = 0; i < 1000; i++) {
            engine.onEvent.accept(new Engine.Event("a1", "oom", i));
        }
        assertEquals(1, b.recent(a1).size(), "1,000 repeats are one event");
        assertEquals(1000, b.recent(a1).get(0).count());
        for (int i = 0; i < 1000; i++) {
            engine.onEvent.accept(new Engine.Event("a1", "die " + i, 1000 + i, huge));
        }
        List<ContainerEvent> mine = b.recent(a1);
        assertEquals(EventLog.PER_CONTAINER, mine.size(), "the newest of 1,000 distinct events");
        assertEquals("die 999", mine.get(mine.size() - 1).action());
        assertTrue(mine.get(0).detail().startsWith("\u001b]0;owned"), "kept as sent: escaped where shown");
        for (ContainerEvent e : mine) {
            assertTrue(e.detail().length() <= ContainerEvent.MAX_TEXT + 1, "cut: " + e.detail().length());
        }
        for (int i = 0; i < 100_000; i++) {
            // 100,000 events of 1,000 other containers, each with a 1 MiB attribute and escape sequences.
            engine.onEvent.accept(new Engine.Event("n" + (i % 1000), "die " + i, 10_000 + i, huge));
        }
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            kept += b.recent(new Container("n" + i, null, Runtime.DOCKER, null, 0, ContainerState.EXITED, null,
                    null, null, false)).size();
        }
        mine = b.recent(a1);
        assertTrue(kept + mine.size() <= EventLog.TOTAL, "at most " + EventLog.TOTAL + " in all: " + (kept + mine.size()));
        assertFalse(mine.isEmpty(), "the busiest timelines paid for the cap");

        engine.onEvent.accept(new Engine.Event("a1", "exec_start: sh -c healthcheck", 200_000L));
        assertEquals(mine, b.recent(a1), "a health check's exec is no event of its timeline");
        engine.onEvent.accept(new Engine.Event("a1", "destroy", 200_001L));
        assertTrue(b.recent(a1).isEmpty(), "a removed container's timeline is forgotten");
    }

    @Test
    void pastEventsAreAskedFromTheContainersCreationAndMapped() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        Container a1 = b.list(true).get(0).withDetails(new Details(Map.of(), null, null, Instant.ofEpochSecond(1_795_000_000)));
        engine.past.add(new Engine.Event("a1", "start", 1_795_000_001_000_000_000L));
        engine.past.add(new Engine.Event("a1", "exec_create: sh", 1_795_000_002_000_000_000L));
        engine.past.add(new Engine.Event("a1", "die", 1_795_000_003_500_000_000L, "exit code 137"));
        List<ContainerEvent> past = b.past(a1);
        assertEquals(List.of(new ContainerEvent(Instant.ofEpochSecond(1_795_000_001), "docker", "start", ""),
                new ContainerEvent(Instant.ofEpochSecond(1_795_000_003, 500_000_000), "docker", "die", "exit code 137")),
                past);
        assertTrue(engine.pastAsks.get(0).startsWith("a1 1794999999 "), engine.pastAsks.toString());
    }

    @Test
    void aConfigurationIsAskedOnceUntilItsContainerHasAnEventOrAnAction() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("a1", "web", 100);
        engine.add("b2", "db", 200);
        EngineBackend b = backend(socket(), (rt, s) -> engine, 5_000);
        Container a1 = b.list(true).stream().filter(c -> c.id().equals("a1")).findFirst().orElseThrow();
        Container b2 = b.list(true).stream().filter(c -> c.id().equals("b2")).findFirst().orElseThrow();
        String shown = b.config(a1);
        assertEquals(shown, b.config(a1));
        b.config(b2);
        assertEquals(List.of("a1", "b2"), engine.jsons, "each asked once");

        engine.onEvent.accept(new Engine.Event("a1", "exec_start: sh", 1L));
        b.config(a1);
        assertEquals(List.of("a1", "b2"), engine.jsons, "an event that changes nothing keeps it");
        engine.onEvent.accept(new Engine.Event("a1", "rename", 2L));
        b.config(a1);
        b.config(b2);
        assertEquals(List.of("a1", "b2", "a1"), engine.jsons, "a1's event: a1 asked again, b2 kept");
        b.pause(b2);
        b.config(b2);
        assertEquals(List.of("a1", "b2", "a1", "b2"), engine.jsons, "after an action: asked again");

        engine.containers.remove("a1");
        engine.onEvent.accept(new Engine.Event("a1", "destroy", 3L));
        assertNull(b.config(a1), "gone");
        assertNull(b.config(a1));
        assertEquals(List.of("a1", "b2", "a1", "b2", "a1", "a1"), engine.jsons, "a gone container is not kept");
    }

    @Test
    void onlyEventsThatChangeTheListingRelist() {
        for (String seen : List.of("start", "die", "destroy", "rename", "health_status: healthy", "oom", "update",
                "something-new")) {
            assertTrue(EngineBackend.changesListing(seen), seen);
        }
        for (String unseen : List.of("exec_create: sh -c true", "exec_start: sh", "exec_die", "attach", "resize",
                "top")) {
            assertTrue(!EngineBackend.changesListing(unseen), unseen);
        }
    }

    @Test
    void podmanPodsAreAskedOncePerNewContainerAndEachPodsCgroupOnce() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.addToPod("i1", "p1-infra", 100, "p1", "web-pod", true);
        engine.addToPod("m1", "web", 101, "p1", "web-pod", false);
        engine.add("x1", "alone", 102);
        engine.podCgroups.put("p1", "/libpod_parent/p1");
        EngineBackend b = podman(socket(), engine, 5_000);
        assertEquals(3, b.list(true).size());
        assertEquals(Membership.podmanPod("web-pod", "p1", "/libpod_parent/p1", true), byId(b, "i1").membership());
        assertEquals(Membership.podmanPod("web-pod", "p1", "/libpod_parent/p1", false), byId(b, "m1").membership());
        assertNull(byId(b, "x1").membership(), "in no pod");
        assertEquals(List.of("members i1,m1,x1", "cgroup p1"), engine.podAsks);

        Container infra = byId(b, "i1");
        Container alone = byId(b, "x1");
        engine.addToPod("m2", "db", 103, "p1", "web-pod", false);
        engine.onEvent.accept(new Engine.Event("m2", "create", 1L));
        await(() -> b.list(true).size() == 4, "the new member listed");
        assertEquals(Membership.podmanPod("web-pod", "p1", "/libpod_parent/p1", false), byId(b, "m2").membership());
        assertEquals(List.of("members i1,m1,x1", "cgroup p1", "members m2"), engine.podAsks,
                "only the new container; its pod's cgroup is known");
        assertSame(infra, byId(b, "i1"), "the same object while its record did not change");
        assertSame(alone, byId(b, "x1"));

        for (String id : List.of("i1", "m1", "m2")) {
            engine.containers.remove(id);
        }
        engine.onEvent.accept(new Engine.Event("i1", "remove", 2L));
        await(() -> b.list(true).size() == 1, "the pod's containers gone");
        engine.addToPod("i9", "p1-infra", 200, "p1", "web-pod", true);
        engine.podCgroups.put("p1", "/libpod_parent/p1-again");
        engine.onEvent.accept(new Engine.Event("i9", "create", 3L));
        await(() -> b.list(true).size() == 2, "a pod of the same id again");
        assertEquals("/libpod_parent/p1-again", byId(b, "i9").membership().podCgroup(),
                "a pod that left the listing is forgotten, cgroup and all");
    }

    @Test
    void aPodmanThatFailsThePodQuestionStillListsAndAsksAgainAfterAPause() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.addToPod("m1", "web", 101, "p1", "web-pod", false);
        engine.podFailure = new Engine.EngineException(0, "/run/podman/podman.sock did not answer within 5 s", null);
        EngineBackend b = podman(socket(), engine, 5_000);
        assertEquals(1, b.list(true).size(), "listed without its pod");
        assertNull(byId(b, "m1").membership());
        assertNull(b.status(), "the engine is connected: no reconnection for a pod question");

        int asked = engine.podAsks.size();
        engine.onEvent.accept(new Engine.Event("m1", "start", 1L));
        await(() -> engine.inspected.contains("m1"), "relisted");
        assertEquals(asked, engine.podAsks.size(), "not asked again at once: a pause first");
        engine.podFailure = null;
        long[] t = {2};
        await(() -> {
            engine.onEvent.accept(new Engine.Event("m1", "start", t[0]++)); // relistings, until one after the pause
            return byId(b, "m1").membership() != null;
        }, "asked again after the pause, and told");
        assertEquals("web-pod", byId(b, "m1").membership().pod());
    }

    @Test
    void aPodQuestionThatHangsDoesNotStallAViewsListing() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.add("x1", "alone", 102);
        EngineBackend b = podman(socket(), engine, 0);
        CountDownLatch told = new CountDownLatch(1);
        b.onChange(told::countDown);
        b.firstFrameShown();
        assertTrue(told.await(5, TimeUnit.SECONDS), "first listing");
        Semaphore gate = new Semaphore(0);
        engine.podGate = gate;
        engine.addToPod("m1", "web", 101, "p1", "web-pod", false);
        engine.onEvent.accept(new Engine.Event("m1", "create", 1L));
        await(() -> engine.podAsks.contains("members m1"), "the watcher asks, and podman does not answer");
        long start = System.nanoTime();
        assertEquals(List.of("x1"), b.list(true).stream().map(Container::id).toList(), "the last listing");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "at once");
        gate.release();
        await(() -> b.list(true).size() == 2 && byId(b, "m1").membership() != null, "then the new one with its pod");
    }

    @Test
    void detailedKeepsTheListedPod() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.addToPod("m1", "web", 101, "p1", "web-pod", false);
        EngineBackend b = podman(socket(), engine, 5_000);
        Container listed = byId(b, "m1");
        assertEquals("web-pod", b.detailed(listed).membership().pod(), "the inspection tells no pod: the listing's");
    }
}
