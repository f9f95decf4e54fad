package io.jtop.cli;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.metrics.Snapshot;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-running view's list (the UI's {@link io.jtop.cli.Host}, which never waits for an engine)
 * against real engines: a new container shows within a second through the events stream, and a
 * daemon that goes away and comes back is reported as reconnecting, then listed again with the
 * new init pids of its containers (same ids), never the pids from before. Restarting dockerd
 * stops its containers (no live-restore): those here have a 1 s stop timeout.
 */
class EngineLiveIT {

    @TempDir
    Path tmp;

    private final List<Runnable> cleanUp = new ArrayList<>();
    private final String prefix = "j5live-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";

    @AfterEach
    void cleanUp() {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).run();
        }
    }

    private io.jtop.cli.Host view() {
        io.jtop.cli.Host h = new io.jtop.cli.Host(Path.of("/"), io.jtop.cli.Host.CONTINUOUS_FULL_EVERY,
                tmp.resolve("root"), tmp.resolve("run"), 0);
        cleanUp.add(h::close);
        h.backend.firstFrameShown(); // as the UI does once its first frame is out: the engines' clients start
        return h;
    }

    private String run(EngineCli engine, String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name", prefix + name, "--stop-timeout", "1"));
        all.addAll(List.of(args));
        String id = engine.run(all.toArray(String[]::new));
        cleanUp.add(() -> engine.remove(id));
        return id;
    }

    @Test
    void aDockerRunShowsWithinASecond() throws Exception {
        showsWithinASecond(EngineCli.DOCKER);
    }

    @Test
    void aPodmanRunShowsWithinASecond() throws Exception {
        showsWithinASecond(EngineCli.PODMAN);
    }

    private void showsWithinASecond(EngineCli engine) throws Exception {
        engine.require();
        String image = engine.image();
        String first = run(engine, "first", image, "sleep", "1000");
        io.jtop.cli.Host view = view();
        AtomicInteger told = new AtomicInteger();
        view.backend.onChange(told::incrementAndGet);
        await(() -> named(view, first), c -> c != null, 15_000, "the engine's first listing");

        int before = told.get();
        String second = run(engine, "second", image, "sleep", "1000");
        long returned = System.nanoTime();
        // Listed running with its pid: between the engine's create and start events it may be
        // listed as created, without one, for a moment.
        Container c = await(() -> named(view, second), x -> x != null && x.state() == ContainerState.RUNNING && x.pid() > 0,
                5_000, prefix + "second listed running");
        long millis = (System.nanoTime() - returned) / 1_000_000;
        System.out.println(engine.name() + " run listed by the view " + millis + " ms after the CLI returned");
        assertTrue(millis < 1000, prefix + "second listed " + millis + " ms after '" + engine.name() + " run' returned");
        assertTrue(told.get() > before, "the view was told to tick at once");
        assertEquals(engine.inspect(second).path("State").path("Pid").asInt(), c.pid());
    }

    /** The container of this id in the view's list (all), if the engine named it yet. */
    private static Container named(io.jtop.cli.Host view, String id) {
        for (Container c : view.backend.list(true)) {
            if (c.id().equals(id) && c.name() != null) {
                return c;
            }
        }
        return null;
    }

    @Test
    void dockerdRestartedIsReconnectedWithTheNewPids() throws Exception {
        EngineCli docker = EngineCli.DOCKER;
        docker.require();
        String image = docker.image();
        String always = run(docker, "always", "--restart", "always", image, "sleep", "100000");
        String manual = run(docker, "manual", image, "sleep", "100000");
        io.jtop.cli.Host view = view();
        int alwaysPid = pid(docker, always);
        int manualPid = pid(docker, manual);
        await(() -> named(view, always), c -> c != null && c.pid() == alwaysPid, 15_000, "listed before the restart");

        restart(daemon("dockerd", null), () -> await(() -> problems(view), p -> p.stream().anyMatch(x -> x.startsWith("docker: reconnecting")),
                10_000, "docker: reconnecting while dockerd is down"));

        int newPid = await(() -> pid(docker, always), p -> p > 0, 30_000, "the restart policy started it again");
        assertNotEquals(alwaysPid, newPid);
        Container back = await(() -> named(view, always), c -> c != null && c.pid() == newPid, 30_000,
                "listed with its new pid after dockerd came back");
        assertEquals(ContainerState.RUNNING, back.state());
        assertTrue(back.cgroup().contains(always), back.cgroup());
        await(() -> problems(view), p -> p.stream().noneMatch(s -> s.startsWith("docker:")), 10_000, "no docker status");
        sampled(view, always, newPid);

        Container stopped = await(() -> named(view, manual), c -> c != null && c.state() == ContainerState.EXITED,
                10_000, "without a restart policy it stayed exited");
        assertEquals(0, stopped.pid());
        docker.cli("start", manual);
        int startedPid = pid(docker, manual);
        assertNotEquals(manualPid, startedPid);
        await(() -> named(view, manual), c -> c != null && c.pid() == startedPid, 5_000, "docker start seen");
        sampled(view, manual, startedPid);
    }

    @Test
    void podmansServiceRestartedIsReconnectedWithTheNewPids() throws Exception {
        EngineCli podman = EngineCli.PODMAN;
        podman.require();
        String image = podman.image();
        String id = run(podman, "svc", image, "sleep", "100000");
        io.jtop.cli.Host view = view();
        int before = pid(podman, id);
        await(() -> named(view, id), c -> c != null && c.pid() == before, 15_000, "listed before the restart");

        // Podman's containers outlive its service (each has its conmon): restart one while the service is down.
        restart(daemon("podman", EngineCli.PODMAN_SOCKET.toString()), () -> {
            await(() -> problems(view), p -> p.stream().anyMatch(x -> x.startsWith("podman: reconnecting")), 10_000,
                    "podman: reconnecting while its service is down");
            podman.cli("restart", "-t", "1", id);
        });
        int after = pid(podman, id);
        assertNotEquals(before, after);
        Container back = await(() -> named(view, id), c -> c != null && c.pid() == after, 30_000,
                "listed with its new pid after the service came back");
        assertTrue(back.cgroup().contains(id), back.cgroup());
        sampled(view, id, after);
    }

    private static List<String> problems(io.jtop.cli.Host view) {
        view.backend.list(true);
        return new ArrayList<>(view.problems());
    }

    /** The sampler reads the container's cgroup under its new init. */
    private static void sampled(io.jtop.cli.Host view, String id, int pid) {
        Snapshot s = view.sampler.sample(view.backend.list(false));
        Snapshot.Row row = s.rows().stream().filter(r -> r.container().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not sampled"));
        assertEquals(pid, row.container().pid());
        assertNotNull(row.sample(), "figures from its cgroup");
        assertTrue(row.sample().pidsCurrent() != null && row.sample().pidsCurrent() >= 1, row.sample().toString());
    }

    private static int pid(EngineCli engine, String id) {
        return engine.inspect(id).path("State").path("Pid").asInt();
    }

    /** A daemon's pid and command line: dockerd, or podman's service on the given socket. */
    private record Daemon(int pid, List<String> argv) {
    }

    private static Daemon daemon(String comm, String argContains) throws Exception {
        for (String line : Host.run("pgrep", "-x", comm).strip().split("\n")) {
            int pid = Integer.parseInt(line.strip());
            byte[] raw = Files.readAllBytes(Path.of("/proc", line.strip(), "cmdline"));
            List<String> argv = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            if (argContains == null || argv.stream().anyMatch(a -> a.contains(argContains)) && argv.contains("service")) {
                return new Daemon(pid, argv);
            }
        }
        throw new AssertionError("no " + comm + (argContains == null ? "" : " serving " + argContains) + " runs");
    }

    /** Stops the daemon (SIGTERM, as its service manager would), runs {@code whileDown}, starts it again alike. */
    private static void restart(Daemon d, Runnable whileDown) {
        Host.run("kill", "-TERM", Integer.toString(d.pid()));
        await(() -> Files.exists(Path.of("/proc", Integer.toString(d.pid()))), gone -> !gone, 60_000,
                d.argv().get(0) + " stopped");
        try {
            whileDown.run();
        } finally {
            List<String> argv = new ArrayList<>(List.of("bash", "-c",
                    "setsid nohup \"$@\" </dev/null >>/tmp/jtop-test-daemons.log 2>&1 &", "start"));
            argv.addAll(d.argv());
            Host.run(argv.toArray(String[]::new));
            // dockerd answers only once it has loaded its containers and removed every stale
            // network sandbox left by the containers of earlier tests, a quarter of a second each
            await(() -> answers(d), ok -> ok, 180_000, String.join(" ", d.argv()) + " answers again");
        }
    }

    private static boolean answers(Daemon d) {
        try {
            if (d.argv().get(0).endsWith("dockerd")) {
                Host.run("docker", "info");
            } else {
                Host.run("podman", "--remote", "--url", "unix://" + EngineCli.PODMAN_SOCKET, "version");
            }
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static <T> T await(Supplier<T> what, Predicate<T> ok, long millis, String description) {
        long end = System.nanoTime() + millis * 1_000_000;
        T last = null;
        while (System.nanoTime() < end) {
            last = what.get();
            if (ok.test(last)) {
                return last;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("not within " + millis + " ms: " + description + " (last seen: " + last + ")");
    }
}
