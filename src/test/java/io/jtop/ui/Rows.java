package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Rows of a snapshot for UI tests, built by name rather than by a 30-argument constructor. */
final class Rows {

    private Rows() {
    }

    /** A running container with a sample. */
    static Snapshot.Row row(String name, Runtime rt, double cpu, long workingSet, Long memLimit, long pids, Long pidsMax) {
        return new Snapshot.Row(container(name, rt, ContainerState.RUNNING, 1000 + Math.abs(name.hashCode() % 9000)),
                sample(cpu, workingSet, memLimit, pids, pidsMax, List.of(), false, 0, 0));
    }

    /** A running container of a pod or Compose project, with a sample. */
    static Snapshot.Row member(String name, Runtime rt, Membership m, double cpu, long workingSet, long pids) {
        Container c = container(name, rt, ContainerState.RUNNING, 1000 + Math.abs(name.hashCode() % 9000));
        return new Snapshot.Row(c.withDetails(new Details(Map.of(), null, null, null, null, m)),
                sample(cpu, workingSet, null, pids, null, List.of(), false, 0, 0));
    }

    static Container container(String name, Runtime rt, ContainerState state, int pid) {
        String id = sha256(name);
        return new Container(id, name, rt, "busybox:" + name, state == ContainerState.EXITED ? 0 : pid, state,
                "/jtop/" + id, Instant.parse("2026-11-29T04:00:00Z"), state == ContainerState.EXITED ? 137 : null,
                state == ContainerState.EXITED);
    }

    /** A stable 64-hex id per name, as Docker-like runtimes have. */
    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static Sample sample(double cpu, long workingSet, Long memLimit, long pids, Long pidsMax, List<String> hostNs,
                         boolean privileged, long oomKills, long throttled) {
        return Sample.builder().cpuPercent(cpu).cpuUsageNanos(1_000_000L).cpuPeriods(100L)
                .cpuThrottledPeriods(throttled).cpuThrottledNanos(throttled * 1000)
                .cpuQuotaMicros(memLimit == null ? null : 50_000L).cpuPeriodMicros(memLimit == null ? null : 100_000L)
                .cpuShares(1024L).memoryWorkingSetBytes(workingSet).memoryUsageBytes(workingSet + 4096)
                .memoryLimitBytes(memLimit).swapBytes(0L).oomKills(oomKills).pidsCurrent(pids).pidsLimit(pidsMax)
                .ioReadBytes(0L).ioWriteBytes(0L).ioReadBytesPerSecond(1024.0).ioWriteBytesPerSecond(0.0)
                .netRxBytes(10L).netTxBytes(20L).netRxBytesPerSecond(512.0).netTxBytesPerSecond(2048.0)
                .hostNamespaces(hostNs).privileged(privileged).build();
    }
}
