package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.UpperDirChanges;
import io.jtop.metrics.History;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.NamespaceSharing;
import io.jtop.metrics.ProcessSampler;
import io.jtop.metrics.SecurityPosture;
import io.jtop.metrics.Snapshot;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.linux.proc.IdMap;
import io.jtop.ui.theme.Themes;
import io.jtop.ui.widget.TextView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detail view's panes as text, and the whole screen at 80×24 and 160×48 against golden files. */
class DetailViewTest {

    private static final long M = 1 << 20;

    static Container web() {
        return Rows.container("web", Runtime.JTOP, ContainerState.RUNNING, 4242);
    }

    static Sample sample() {
        return Rows.sample(48.5, 60 * M, 64 * M, 18, 20L, List.of(), false, 1, 75);
    }

    static Detail detail() {
        Container c = web();
        History h = new History(100);
        for (int i = 0; i < 60; i++) {
            Sample s = Rows.sample(40 + (i % 10), (40 + i / 3) * M, 64 * M, 10 + i % 9, 20L, List.of(), false,
                    i < 50 ? 0 : 1, 75);
            h.add(new Snapshot(Instant.parse("2026-11-29T05:00:00Z").plusSeconds(i), List.of(new Snapshot.Row(c, s)), Set.of()));
        }
        Map<String, NamespaceSharing.Shared> sharing = new LinkedHashMap<>();
        sharing.put("mnt", new NamespaceSharing.Shared(4026532177L, false, List.of()));
        sharing.put("net", new NamespaceSharing.Shared(4026532181L, false, List.of(Rows.sha256("sidecar"))));
        sharing.put("pid", new NamespaceSharing.Shared(4026532180L, false, List.of()));
        sharing.put("user", new NamespaceSharing.Shared(4026531837L, true, List.of(Rows.sha256("db"))));
        sharing.put("ipc", new NamespaceSharing.Shared(null, null, List.of()));
        Inspection.RootFs root = new Inspection.RootFs("overlay", "overlay",
                List.of("/var/lib/jtop/layers/aaaa/diff", "/var/lib/jtop/layers/bbbb/diff"),
                "/var/lib/jtop/snapshots/cafe/upper", "/var/lib/jtop/snapshots/cafe/work",
                "/var/lib/jtop/snapshots/cafe/merged", "lowerdir=l/A:l/B,upperdir=…");
        Inspection inspection = new Inspection(c, sample(), Map.of(), false, root, List.of(), Map.of("memory",
                "/sys/fs/cgroup/memory/jtop/x"), null, null, posture());
        Map<UpperDirChanges.Kind, UpperDirChanges.Total> totals = new EnumMap<>(UpperDirChanges.Kind.class);
        totals.put(UpperDirChanges.Kind.ADDED, new UpperDirChanges.Total(1, 12288));
        totals.put(UpperDirChanges.Kind.MODIFIED, new UpperDirChanges.Total(1, 1500));
        totals.put(UpperDirChanges.Kind.DELETED, new UpperDirChanges.Total(1, 0));
        totals.put(UpperDirChanges.Kind.OPAQUE, new UpperDirChanges.Total(1, 0));
        UpperDirChanges changes = new UpperDirChanges(List.of(
                new UpperDirChanges.Change(UpperDirChanges.Kind.MODIFIED, "/etc/passwd", 1500),
                new UpperDirChanges.Change(UpperDirChanges.Kind.DELETED, "/bin/ls", 0),
                new UpperDirChanges.Change(UpperDirChanges.Kind.ADDED, "/data/log", 12288),
                new UpperDirChanges.Change(UpperDirChanges.Kind.OPAQUE, "/var/cache", 0)), totals, false, 0);
        List<ProcessSampler.Row> procs = List.of(
                new ProcessSampler.Row(4242, 1, "root", 48.0, 2 * M, "sh -c while :; do :; done"),
                new ProcessSampler.Row(4300, 7, "nobody", null, 512 * 1024, "sleep 1000"));
        List<ContainerEvent> events = List.of(
                new ContainerEvent(Instant.parse("2026-11-29T03:30:00Z"), "runtime", "started", "last start"),
                new ContainerEvent(Instant.parse("2026-11-29T04:58:10Z"), "jtop", "OOM kill",
                        "the kernel killed 1 process(es) at its memory limit (64 MiB)", 2),
                new ContainerEvent(Instant.parse("2026-11-29T04:59:00Z"), "jtop", "throttling began", ""),
                new ContainerEvent(Instant.parse("2026-11-29T04:59:30Z"), "docker", "kill\u001b[2J", "signal 15"));
        return new Detail(inspection, h.series(c.id()), sharing, Map.of(Rows.sha256("sidecar"), "sidecar",
                Rows.sha256("db"), "db"), procs, changes, null, "{\n  \"ociVersion\": \"1.0.2\"\n}", MountsPaneTest.sample(),
                NetworkPaneTest.bridged(), events, "what jtop saw while it ran (jtop) and the container's record (runtime)",
                Instant.parse("2026-11-29T05:01:00Z"));
    }

    @Test
    void namespacesSayWhoShares() {
        Detail d = detail();
        List<String> lines = DetailView.namespaces(d.sharing(), d.names());
        assertEquals(List.of(
                "TYPE     INODE        SHARED WITH",
                "mnt      4026532177   its own",
                "net      4026532181   sidecar",
                "pid      4026532180   its own",
                "user     4026531837   THE HOST",
                "ipc      -            ? (unreadable)"), lines);
    }

    @Test
    void overlayListsLayersAndChanges() {
        Detail d = detail();
        List<String> lines = DetailView.overlay(d.inspection().rootFs(), d.changes(), null);
        assertEquals(List.of(
                "root file system: overlay from overlay",
                "lowerdir, top to bottom (2 layers):",
                "    1  /var/lib/jtop/layers/aaaa/diff",
                "    2  /var/lib/jtop/layers/bbbb/diff",
                "upperdir  /var/lib/jtop/snapshots/cafe/upper",
                "workdir   /var/lib/jtop/snapshots/cafe/work",
                "merged    /var/lib/jtop/snapshots/cafe/merged",
                "",
                "changes in the upperdir: 1 added (12KiB), 1 modified (1.5KiB), 1 deleted, 1 opaque dirs",
                "  M    1.5KiB  /etc/passwd",
                "  D            /bin/ls",
                "  A     12KiB  /data/log",
                "  O            /var/cache"), lines);
        assertEquals(List.of("root file system: ext4 from /dev/sda1", "options: rw"), DetailView.overlay(
                new Inspection.RootFs("ext4", "/dev/sda1", List.of(), null, null, "/", "rw"), null, null));
        assertTrue(DetailView.overlay(d.inspection().rootFs(), null, "cannot read the upper directory: denied")
                .contains("changes: cannot read the upper directory: denied"));
    }

    @Test
    void processes() {
        assertEquals(List.of(
                "     PID   CPID USER         CPU%       RSS  COMMAND",
                "    4242      1 root         48.0      2MiB  sh -c while :; do :; done",
                "    4300      7 nobody          -    512KiB  sleep 1000"), DetailView.processes(detail().processes()));
    }

    @Test
    void labelsShowLimitsThrottlingAndOomKills() {
        Detail d = detail();
        assertEquals(" CPU 48.5%  limit 0.5 CPU  throttled in 75 of 100 periods (75%), 0.0 s",
                DetailView.cpuLabel(sample(), d.series()));
        String mem = DetailView.memoryLabel(sample(), d.series());
        assertTrue(mem.startsWith(" MEM 60MiB of 64MiB limit (93.8%)  usage 60.0MiB  OOM kills 1 (seen at "), mem);
        assertEquals(" PIDS 18 of 20 max", DetailView.pidsLabel(sample()));
    }

    @Test
    void aPressureLineShowsTheCgroupsPsiWhereTheKernelGivesIt() throws Exception {
        Sample s = sample();
        Sample psi = s.toBuilder().psiCpuSome10(48.47).psiMemorySome10(1.2).psiIoSome10(0.0).build();
        assertEquals(" PRESSURE cpu 48.5, memory 1.2, io 0.0 (some, avg10 %)", DetailView.pressureLabel(psi));
        assertEquals(null, DetailView.pressureLabel(s), "cgroup v1: no PSI per cgroup, no line");
        List<String> rows = screen(80, 24, DetailView.Pane.NAMESPACES, psi).lines().toList();
        int tabs = rows.indexOf(rows.stream().filter(l -> l.contains(" Namespaces ")).findFirst().orElseThrow());
        assertEquals(" PRESSURE cpu 48.5, memory 1.2, io 0.0 (some, avg10 %)", rows.get(tabs - 1).stripTrailing());
        // A screen with no row to spare keeps its tabs and a row of the pane rather than the line.
        String tiny = screen(40, 10, DetailView.Pane.NAMESPACES, psi);
        assertTrue(tiny.contains("Namespaces") && !tiny.contains("PRESSURE"), tiny);
    }

    @Test
    void aWhyLineOnTopTellsWhyItExitedOrIsThrottled() throws Exception {
        Detail d = detail();
        assertEquals(" WHY throttled in 75% of periods (75/100): CPU limit 0.5 is below its demand",
                DetailView.whyLine(web(), sample(), d));
        Container dead = new Container(web().id(), "web", Runtime.DOCKER, "busybox", 0, ContainerState.EXITED, null,
                null, 137, false);
        // The OOM kill counter jtop saw grow while it ran is the witness; the peak is read while the view is open.
        Inspection i = d.inspection();
        Detail seen = new Detail(new Inspection(dead, null, i.namespaces(), null, null, List.of(),
                i.cgroupDirectories(), null, 64 * M, null), d.series(), d.sharing(), d.names(), d.processes(), null,
                null, null, null, null);
        assertEquals(" WHY 137 = SIGKILL by the OOM killer: out of memory, peak 64MiB of 64MiB limit",
                DetailView.whyLine(dead, null, seen));
        // The cgroup gone (no mark read): the highest working set jtop sampled, said as seen, and the limit it sampled.
        Detail gone = new Detail(new Inspection(dead, null, i.namespaces(), null, null, List.of(),
                Map.of(), null, null, null), d.series(), d.sharing(), d.names(), d.processes(), null,
                null, null, null, null);
        assertEquals(" WHY 137 = SIGKILL by the OOM killer: out of memory, peak seen 59MiB of 64MiB limit",
                DetailView.whyLine(dead, null, gone));
        // The listing has no OOM flag; the runtime's description that the view read has it.
        Container told = new Container(web().id(), "web", Runtime.DOCKER, "busybox", 0, ContainerState.EXITED, null,
                null, 137, true);
        Detail described = new Detail(new Inspection(told, null, i.namespaces(), null, null, List.of(),
                Map.of(), null, null, null), null, d.sharing(), d.names(), d.processes(), null,
                null, null, null, null);
        assertEquals(" WHY 137 = SIGKILL by the OOM killer: out of memory", DetailView.whyLine(dead, null, described));
        // No process, so no network is read: the pane says so rather than "reading…" for ever.
        assertEquals(NetworkPane.lines(null), DetailView.paneText(DetailView.Pane.NETWORK, described));
        Container ended = new Container(web().id(), "web", Runtime.DOCKER, "busybox", 0, ContainerState.EXITED, null,
                null, 143, false);
        assertEquals(" WHY 143 = SIGTERM: asked to stop (by a stop or another process), and it did",
                DetailView.whyLine(ended, null, null));
        List<String> rows = screen(80, 24, DetailView.Pane.NAMESPACES, Sample.builder().build()).lines().toList();
        assertTrue(rows.stream().noneMatch(l -> l.contains("WHY")), "nothing to explain, no line: " + rows);
        assertTrue(screen(80, 24, DetailView.Pane.NAMESPACES).lines().toList().get(1).startsWith(" WHY throttled"));
    }

    /** A Docker container with SYS_ADMIN added, no seccomp and the Docker socket mounted. */
    static SecurityPosture posture() {
        ProcStatus status = ProcStatus.parse("Name:\tsh\nUid:\t0\t0\t0\t0\nCapEff:\t00000000a82425fb\n"
                + "NoNewPrivs:\t0\nSeccomp:\t0\n");
        String mounts = "700 600 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l\n"
                + "710 700 0:60 / /sys ro,nosuid - sysfs sysfs ro\n"
                + "720 700 0:5 /run/docker.sock /var/run/docker.sock rw,nosuid - tmpfs tmpfs rw\n";
        return SecurityPosture.of(Runtime.DOCKER, status, 40, -1, IdMap.parse("         0          0 4294967295\n"),
                MountInfo.parse(mounts), List.of(), null, List.of("c 1:3 rwm", "c 1:5 rwm", "c 5:0 rwm"), false);
    }

    static String screen(int w, int h, DetailView.Pane pane) throws Exception {
        return screen(w, h, pane, sample());
    }

    static String screen(int w, int h, DetailView.Pane pane, Sample sample) throws Exception {
        Detail d = detail();
        TextView v = new TextView();
        v.setLines(DetailView.paneText(pane, d));
        return Screens.text(Screens.render(w, h, (g, size) -> {
            try {
                DetailView.draw(g, size, Themes.load("default"), web(), sample, d, pane, v, true, null, false,
                        Instant.parse("2026-11-29T05:30:00Z"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }));
    }

    @Test
    void goldenScreens() throws Exception {
        for (DetailView.Pane p : DetailView.Pane.values()) {
            String small = screen(80, 24, p);
            String big = screen(160, 48, p);
            Screens.assertGolden("detail-80x24-" + p.name().toLowerCase(), Screens.render(80, 24, (g, s) -> { }),
                    small);
            Screens.assertGolden("detail-160x48-" + p.name().toLowerCase(), Screens.render(80, 24, (g, s) -> { }),
                    big);
        }
    }

    @Test
    void helpListsEveryActionWithItsKeys() throws Exception {
        List<String> lines = HelpView.lines(Keymap.defaults(), a -> true);
        List<String> missing = new ArrayList<>();
        for (Action a : Action.values()) {
            if (lines.stream().noneMatch(l -> l.contains(a.help()))) {
                missing.add(a.name());
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(lines.stream().anyMatch(l -> l.contains("k/F9") && l.contains(Action.KILL.help())));
        List<String> readonly = HelpView.lines(Keymap.defaults(), a -> !a.changesContainers());
        assertTrue(readonly.stream().noneMatch(l -> l.contains("k/F9")), "an unbound key is not listed: " + readonly);
        assertTrue(readonly.stream().anyMatch(l -> l.contains(Action.LOGS.help())));
        Screens.assertGolden("help-80x24", Screens.render(80, 24, (g, s) -> {
            try {
                TextView v = new TextView();
                v.setLines(HelpView.lines(Keymap.defaults(), a -> true));
                HelpView.draw(g, s, Themes.load("default"), v);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }), null);
    }
}
