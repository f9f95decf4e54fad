package io.jtop.cli;

import io.jtop.ui.ContainerColumn;
import io.jtop.ui.ExitReason;
import io.jtop.ui.Flag;
import io.jtop.ui.Format;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.CgroupLimits;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.Snapshot;
import io.jtop.text.TerminalText;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stable output schema of {@code ps}, {@code top -b} and {@code inspect}: table rows and JSON
 * objects (snake_case, every key always present, {@code null} for unknown or unlimited). README
 * "JSON schema" documents the keys; add keys, never rename or remove them.
 */
final class Views {

    private Views() {
    }

    /**
     * The table of {@code ps} and {@code top -b}. Its columns are as wide as their cells, but names
     * and images are shortened in the middle past the UI table's widest name, as the UI shortens
     * them: only a name no one types (a 10 KB one) is, and it no longer widens every row. The state
     * of an exited container tells how long ago it exited where its runtime tells when; UP counts
     * only while a container runs.
     */
    static Table psTable(List<Snapshot.Row> rows, Instant now) {
        int widest = ContainerColumn.NAME.spec(null).maxWidth();
        Table t = new Table("CONTAINER ID", "NAME", "IMAGE", "RUNTIME", "STATE", "PID>", "UP>", "CPU%>", "MEM>",
                "LIMIT>", "MEM%>", "PIDS>", "FLAGS", "CGROUP").shorten("NAME", widest).shorten("IMAGE", widest);
        for (Snapshot.Row r : rows) {
            Container c = r.container();
            Sample s = r.sample();
            boolean live = c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED;
            t.add(c.shortId(), Format.text(c.name()), Format.text(c.image()), c.runtime().label(),
                    ContainerColumn.state(c, now),
                    c.pid() > 0 ? Integer.toString(c.pid()) : Format.NONE,
                    !live || c.startedAt() == null ? Format.NONE : Format.age(Duration.between(c.startedAt(), now)),
                    s == null ? Format.NONE : Format.percent(s.cpuPercent()),
                    s == null ? Format.NONE : Format.bytes(s.memoryWorkingSetBytes()),
                    s == null ? Format.NONE : Format.bytes(s.memoryLimitBytes()),
                    s == null ? Format.NONE : Format.percent(s.memoryPercent()),
                    s == null ? Format.NONE : Format.pair(Format.count(s.pidsCurrent()), Format.count(s.pidsLimit())),
                    flags(s), Format.text(c.cgroup()));
        }
        return t;
    }

    static String state(Container c) {
        return ContainerColumn.state(c);
    }

    /** Badges (see {@link Flag}) by their long labels; OOM kills with their count, e.g. {@code oom:2}. */
    static String flags(Sample s) {
        if (s == null) {
            return Format.NONE;
        }
        List<String> f = new ArrayList<>();
        for (Flag flag : Flag.of(s)) {
            f.add(flag == Flag.OOM_KILLED ? "oom:" + s.oomKills() : flag.label());
        }
        return f.isEmpty() ? Format.NONE : String.join(",", f);
    }

    static Map<String, Object> psJson(Snapshot.Row row) {
        Container c = row.container();
        Sample s = row.sample();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("runtime", c.runtime().label());
        m.put("image", c.image());
        m.put("pid", c.pid() > 0 ? c.pid() : null);
        m.put("state", c.state().label());
        m.put("state_reason", c.stateReason());
        m.put("cgroup", c.cgroup());
        m.put("started_at", c.startedAt() == null ? null : c.startedAt().toString());
        m.put("exit_code", c.exitCode());
        m.put("oom_killed", c.oomKilled());
        m.put("exit_reason", ExitReason.of(c, s, ExitReason.Seen.NONE, null));
        Details d = c.details();
        m.put("created_at", d == null || d.createdAt() == null ? null : d.createdAt().toString());
        m.put("health", d == null ? null : d.health());
        m.put("restart_count", d == null ? null : d.restartCount());
        m.put("compose_project", d == null ? null : d.composeProject());
        m.put("compose_service", d == null ? null : d.composeService());
        Membership g = c.membership();
        m.put("pod", g == null ? null : g.pod());
        m.put("pod_namespace", g == null ? null : g.podNamespace());
        m.put("pod_uid", g == null ? null : g.podUid());
        m.put("qos", g == null ? null : g.qos());
        m.put("pod_cgroup", g == null ? null : g.podCgroup());
        m.put("sandbox", g == null ? null : g.sandbox());
        m.put("project", g == null ? null : g.project());
        m.put("service", g == null ? null : g.service());
        m.put("number", g == null ? null : g.number());
        m.put("labels", d == null ? null : d.labels());
        m.put("cpu_percent", s == null ? null : round(s.cpuPercent()));
        m.put("cpu_usage_nanos", s == null ? null : s.cpuUsageNanos());
        m.put("cpu_limit", s == null ? null : s.cpuLimit());
        m.put("cpu_quota_us", s == null ? null : s.cpuQuotaMicros());
        m.put("cpu_period_us", s == null ? null : s.cpuPeriodMicros());
        m.put("cpu_shares", s == null ? null : s.cpuShares());
        m.put("cpu_weight", s == null ? null : s.cpuWeight());
        m.put("cpu_periods", s == null ? null : s.cpuPeriods());
        m.put("cpu_throttled_periods", s == null ? null : s.cpuThrottledPeriods());
        m.put("cpu_throttled_nanos", s == null ? null : s.cpuThrottledNanos());
        m.put("memory_working_set_bytes", s == null ? null : s.memoryWorkingSetBytes());
        m.put("memory_usage_bytes", s == null ? null : s.memoryUsageBytes());
        m.put("memory_limit_bytes", s == null ? null : s.memoryLimitBytes());
        m.put("memory_percent", s == null ? null : round(s.memoryPercent()));
        m.put("swap_bytes", s == null ? null : s.swapBytes());
        m.put("swap_limit_bytes", s == null ? null : s.swapLimitBytes());
        m.put("oom_kills", s == null ? null : s.oomKills());
        m.put("pids_current", s == null ? null : s.pidsCurrent());
        m.put("pids_limit", s == null ? null : s.pidsLimit());
        m.put("io_read_bytes", s == null ? null : s.ioReadBytes());
        m.put("io_write_bytes", s == null ? null : s.ioWriteBytes());
        m.put("io_read_bytes_per_second", s == null ? null : round(s.ioReadBytesPerSecond()));
        m.put("io_write_bytes_per_second", s == null ? null : round(s.ioWriteBytesPerSecond()));
        m.put("net_rx_bytes", s == null ? null : s.netRxBytes());
        m.put("net_tx_bytes", s == null ? null : s.netTxBytes());
        m.put("net_rx_bytes_per_second", s == null ? null : round(s.netRxBytesPerSecond()));
        m.put("net_tx_bytes_per_second", s == null ? null : round(s.netTxBytesPerSecond()));
        m.put("psi_cpu_some_avg10", s == null ? null : s.psiCpuSome10());
        m.put("psi_memory_some_avg10", s == null ? null : s.psiMemorySome10());
        m.put("psi_io_some_avg10", s == null ? null : s.psiIoSome10());
        m.put("host_namespaces", s == null ? null : s.hostNamespaces());
        m.put("privileged", s == null ? null : s.privileged());
        m.put("security_flags", s == null ? null : s.securityFlags());
        return m;
    }

    static Map<String, Object> inspectJson(Inspection i) {
        Map<String, Object> m = psJson(new Snapshot.Row(i.container(), i.sample()));
        m.put("exit_reason", ExitReason.of(i.container(), i.sample(), ExitReason.Seen.NONE, i.memoryPeak()));
        m.put("memory_peak_bytes", i.memoryPeak());
        Details d = i.container().details();
        m.put("oci_runtime", d == null ? null : d.ociRuntime());
        Map<String, Object> ns = new LinkedHashMap<>();
        i.namespaces().forEach((type, n) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("inode", n.inode());
            one.put("shared_with_host", n.sharedWithHost());
            ns.put(type, one);
        });
        m.put("namespaces", ns);
        m.put("privileged", i.privileged());
        Inspection.RootFs r = i.rootFs();
        if (r != null && r.fsType().equals("overlay")) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("lowerdir", r.lowerDirs());
            o.put("upperdir", r.upperDir());
            o.put("workdir", r.workDir());
            o.put("merged", r.merged());
            m.put("overlay", o);
        } else {
            m.put("overlay", null);
        }
        Map<String, Object> rootfs = null;
        if (r != null) {
            rootfs = new LinkedHashMap<>();
            rootfs.put("type", r.fsType());
            rootfs.put("source", r.source());
            rootfs.put("mount_point_on_host", r.merged());
            rootfs.put("options", r.options());
        }
        m.put("rootfs", rootfs);
        List<Map<String, Object>> procs = new ArrayList<>();
        for (Inspection.Process p : i.processes()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("host_pid", p.hostPid());
            one.put("pid", p.containerPid());
            one.put("uid", p.uid());
            one.put("user", p.user());
            one.put("command", p.command());
            procs.add(one);
        }
        m.put("processes", procs);
        m.put("cgroup_paths", i.cgroupDirectories());
        m.put("limits", limitsJson(i.limits()));
        m.put("security", SecuritySection.json(i.security()));
        return m;
    }

    static Map<String, Object> limitsJson(CgroupLimits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", l == null ? null : l.cpus());
        m.put("cpu_quota_us", l == null ? null : l.cpuQuotaMicros());
        m.put("cpu_period_us", l == null ? null : l.cpuPeriodMicros());
        m.put("cpu_shares", l == null ? null : l.cpuShares());
        m.put("cpu_weight", l == null ? null : l.cpuWeight());
        m.put("memory_bytes", l == null ? null : l.memoryMax());
        m.put("memory_high_bytes", l == null ? null : l.memoryHigh());
        m.put("memory_low_bytes", l == null ? null : l.memoryLow());
        m.put("swap_bytes", l == null ? null : l.swapMax());
        m.put("pids", l == null ? null : l.pidsMax());
        m.put("cpuset_cpus", l == null ? null : l.cpusetCpus());
        m.put("cpuset_mems", l == null ? null : l.cpusetMems());
        return m;
    }

    static String inspectText(Inspection i, Instant now) {
        StringBuilder b = new StringBuilder();
        Container c = i.container();
        Sample s = i.sample();
        kv(b, "ID", c.id());
        kv(b, "Name", Format.text(c.name()));
        kv(b, "Runtime", c.runtime().label());
        if (c.details() != null && c.details().ociRuntime() != null) {
            kv(b, "OCI runtime", Format.text(c.details().ociRuntime()));
        }
        kv(b, "Image", Format.text(c.image()));
        kv(b, "State", state(c));
        String why = ExitReason.of(c, s, ExitReason.Seen.NONE, i.memoryPeak());
        if (why != null) {
            kv(b, c.state() == ContainerState.RUNNING ? "Slowed" : "Why it exited", why);
        }
        kv(b, "PID", c.pid() > 0 ? Integer.toString(c.pid()) : Format.NONE);
        kv(b, "Started", c.startedAt() == null ? Format.NONE
                : c.startedAt() + " (" + Format.age(Duration.between(c.startedAt(), now)) + " ago)");
        Details d = c.details();
        if (d != null) {
            kv(b, "Created", d.createdAt() == null ? Format.NONE : d.createdAt().toString());
            kv(b, "Health", Format.text(d.health()));
            kv(b, "Restarts", d.restartCount() == null ? Format.NONE : d.restartCount().toString());
            membership(b, c.membership());
            String key = "Labels";
            for (var label : d.labels().entrySet()) {
                kv(b, key, Format.text(label.getKey()) + "=" + Format.text(label.getValue()));
                key = "";
            }
        }
        kv(b, "Privileged", i.privileged() == null ? Format.NONE : i.privileged() ? "yes (every capability)" : "no");
        if (s != null) {
            b.append("\nUsage\n");
            kv(b, "  CPU", Format.percent(s.cpuPercent()) + "%  throttled " + Format.count(s.cpuThrottledPeriods())
                    + "/" + Format.count(s.cpuPeriods()) + " periods, "
                    + (s.cpuThrottledNanos() == null ? Format.NONE
                        : String.format(Locale.ROOT, "%.2fs", s.cpuThrottledNanos() / 1e9)));
            kv(b, "  Memory", Format.bytes(s.memoryWorkingSetBytes()) + " working set, "
                    + Format.bytes(s.memoryUsageBytes()) + " usage, swap " + Format.bytes(s.swapBytes())
                    + ", OOM kills " + Format.count(s.oomKills()));
            if (i.memoryPeak() != null) {
                kv(b, "  Memory peak", Format.bytes(i.memoryPeak()));
            }
            kv(b, "  PIDs", Format.count(s.pidsCurrent()));
            kv(b, "  Block I/O", "read " + Format.bytes(s.ioReadBytes()) + ", written " + Format.bytes(s.ioWriteBytes()));
            kv(b, "  Network", s.netRxBytes() == null ? "- (host network or unreadable)"
                    : "rx " + Format.bytes(s.netRxBytes()) + ", tx " + Format.bytes(s.netTxBytes()));
            kv(b, "  Pressure", Format.pressure(s));
        }
        CgroupLimits l = i.limits();
        if (l != null) {
            b.append("\nLimits\n");
            kv(b, "  CPUs", Format.cpus(l.cpus()) + (l.cpuQuotaMicros() == null ? ""
                    : "  (quota " + l.cpuQuotaMicros() + "us per " + l.cpuPeriodMicros() + "us)"));
            kv(b, l.cpuWeight() != null ? "  CPU weight" : "  CPU shares",
                    Format.count(l.cpuWeight() != null ? l.cpuWeight() : l.cpuShares()));
            kv(b, "  Memory", Format.bytes(l.memoryMax()));
            if (l.memoryHigh() != null) {
                kv(b, "  Memory high", Format.bytes(l.memoryHigh()));
            }
            kv(b, "  Memory low", Format.bytes(l.memoryLow()));
            kv(b, "  Swap", Format.bytes(l.swapMax()));
            kv(b, "  PIDs", Format.count(l.pidsMax()));
            kv(b, "  CPU set", Format.text(l.cpusetCpus()) + " (mems " + Format.text(l.cpusetMems()) + ")");
        }
        b.append("\nNamespaces\n");
        Table ns = new Table("  TYPE", "INODE>", "SHARED WITH HOST");
        i.namespaces().forEach((type, n) -> ns.add("  " + type, n.inode() == null ? Format.NONE : n.inode().toString(),
                n.sharedWithHost() == null ? Format.NONE : n.sharedWithHost() ? "YES" : "no"));
        b.append(ns.render());
        b.append("\nRoot file system\n");
        Inspection.RootFs r = i.rootFs();
        if (r == null) {
            b.append("  - (not readable)\n");
        } else if (r.fsType().equals("overlay")) {
            kv(b, "  Type", "overlay");
            for (int k = 0; k < r.lowerDirs().size(); k++) {
                kv(b, k == 0 ? "  Lower (top first)" : "", "  " + (k + 1) + ". " + r.lowerDirs().get(k));
            }
            kv(b, "  Upper", Format.text(r.upperDir()));
            kv(b, "  Work", Format.text(r.workDir()));
            kv(b, "  Merged", Format.text(r.merged()));
        } else {
            kv(b, "  Type", r.fsType() + " (not overlay)");
            kv(b, "  Source", Format.text(r.source()));
            kv(b, "  Mounted on host", Format.text(r.merged()));
        }
        b.append("\nProcesses\n");
        Table p = new Table("  HOST PID>", "PID>", "USER", "COMMAND");
        for (Inspection.Process pr : i.processes()) {
            p.add("  " + pr.hostPid(), pr.containerPid() == null ? Format.NONE : pr.containerPid().toString(),
                    Format.text(pr.user()), pr.command());
        }
        b.append(p.render());
        b.append("\nCgroup\n");
        kv(b, "  Path", Format.text(c.cgroup()));
        i.cgroupDirectories().forEach((ctl, dir) -> kv(b, "  " + ctl, dir));
        b.append(SecuritySection.text(i.security()));
        return b.toString();
    }

    /** What the container belongs to: its Compose project, or its pod (and whether it is the pod's sandbox). */
    private static void membership(StringBuilder b, Membership g) {
        if (g == null) {
            return;
        }
        if (g.kind() == Membership.Kind.COMPOSE) {
            kv(b, "Compose", g.project() + " / " + Format.text(g.service())
                    + (g.number() == null ? "" : " #" + g.number()));
            return;
        }
        kv(b, "Pod", Format.text(g.group()) + (g.podUid() == null ? "" : " (" + g.podUid() + ")"));
        if (g.sandbox()) {
            kv(b, "Pod sandbox", "yes (holds the pod's namespaces)");
        }
        if (g.podCgroup() != null) {
            kv(b, "Pod cgroup", g.podCgroup());
        }
    }

    /** A field of {@code inspect}: its value escaped into one line ({@link TerminalText#line}). */
    /**
     * A section of {@code inspect}'s text: its title, then a detail pane's lines indented, each
     * escaped (a container's text), an empty line left empty.
     */
    static String section(String title, List<String> lines) {
        StringBuilder b = new StringBuilder(System.lineSeparator()).append(title).append(System.lineSeparator());
        for (String line : lines) {
            b.append(line.isEmpty() ? "" : "  " + TerminalText.line(line)).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static void kv(StringBuilder b, String k, String v) {
        b.append(String.format(Locale.ROOT, "%-20s %s%n", k.isEmpty() ? "" : k + (k.isBlank() ? "" : ":"),
                TerminalText.line(v)));
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 100) / 100.0;
    }
}
