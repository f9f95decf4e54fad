package io.jtop.export;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T07:00:00Z");
    private static final String DOCKER_ID = "a".repeat(64);
    private static final String K8S_ID = "b".repeat(64);

    /** A Docker container on cgroup v1 with every figure read. */
    private static Snapshot.Row docker() {
        Container c = new Container(DOCKER_ID, "web", Runtime.DOCKER, "nginx:1.27", 42, ContainerState.RUNNING,
                "/docker/" + DOCKER_ID, NOW.minusSeconds(100), null, false);
        Sample s = Sample.builder().cpuUsageNanos(12_500_000_000L).cpuPeriods(300L).cpuThrottledPeriods(120L)
                .cpuThrottledNanos(4_000_000_000L).cpuQuotaMicros(50_000L).cpuPeriodMicros(100_000L).cpuShares(1024L)
                .memoryWorkingSetBytes(10_000_000L).memoryUsageBytes(15_000_000L).memoryLimitBytes(64L << 20)
                .swapBytes(0L).oomKills(2L).pidsCurrent(7L).pidsLimit(100L).ioReadBytes(4096L).ioWriteBytes(8192L)
                .netRxBytes(1000L).netTxBytes(2000L).hostNamespaces(List.of("net", "uts"))
                .cpuUserNanos(10_000_000_000L).cpuSystemNanos(2_500_000_000L).memoryRssBytes(8_000_000L)
                .memoryCacheBytes(5_000_000L).processes(3L)
                .netInterfaces(List.of(new Sample.Interface("eth0", 1000, 10, 1, 2, 2000, 20, 3, 4),
                        new Sample.Interface("jt0", 5, 1, 0, 0, 6, 1, 0, 0)))
                .ioDevices(List.of(new Sample.Device("/dev/vda", 4096, 8192)))
                .psiCpuSomeMicros(4_031_616L).psiCpuFullMicros(3_943_815L).psiMemorySomeMicros(0L)
                .psiMemoryFullMicros(0L).psiIoSomeMicros(451_672L).psiIoFullMicros(262_542L).build();
        return new Snapshot.Row(c, s);
    }

    /**
     * A Kubernetes container on cgroup v2 as discovery names it: weight instead of shares, no
     * quota, no memory limit, and neither swap nor OOM kills read.
     */
    private static Snapshot.Row kubernetes() {
        Membership m = Membership.kubernetes("shop", "cart-7d9f", "uid-1", "burstable",
                "/kubepods/burstable/poduid-1", false, "cart");
        Container c = new Container(K8S_ID, "cart", Runtime.CONTAINERD, "registry.local/cart:2", 43,
                ContainerState.RUNNING, "/kubepods/burstable/poduid-1/" + K8S_ID, null, null, false,
                new Details(Map.of(), null, null, null).withMembership(m));
        Sample s = Sample.builder().cpuUsageNanos(1_000_000_000L).cpuPeriods(0L).cpuThrottledPeriods(0L)
                .cpuThrottledNanos(0L).cpuPeriodMicros(100_000L).cpuWeight(100L).memoryWorkingSetBytes(5_000L)
                .memoryUsageBytes(6_000L).pidsCurrent(1L).build();
        return new Snapshot.Row(c, s);
    }

    private static Snapshot snapshot(Snapshot.Row... rows) {
        return new Snapshot(NOW, List.of(rows), Set.of());
    }

    private static String text(MetricSnapshots m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, m, EscapingScheme.ALLOW_UTF8);
        return strictUtf8(out.toByteArray());
    }

    private static String openMetrics(MetricSnapshots m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenMetricsTextFormatWriter.create().write(out, m, EscapingScheme.ALLOW_UTF8);
        return strictUtf8(out.toByteArray());
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static MetricSnapshot family(MetricSnapshots m, String name) {
        return m.stream().filter(f -> f.getMetadata().getName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no family " + name));
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
                () -> new AssertionError("no line " + prefix + " in\n" + text));
    }

    @Test
    void cAdvisorsNamesTypesAndUnitsInTheTextFormat() throws IOException {
        String t = text(ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30));
        for (String counter : List.of("container_cpu_usage_seconds_total", "container_cpu_cfs_periods_total",
                "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_throttled_seconds_total",
                "container_oom_events_total", "container_network_receive_bytes_total",
                "container_network_transmit_bytes_total", "container_fs_reads_bytes_total",
                "container_fs_writes_bytes_total")) {
            assertTrue(t.contains("# TYPE " + counter + " counter\n"), counter);
        }
        for (String gauge : List.of("container_memory_working_set_bytes", "container_memory_usage_bytes",
                "container_memory_swap", "container_spec_memory_limit_bytes", "container_spec_cpu_quota",
                "container_spec_cpu_period", "container_spec_cpu_shares", "container_threads",
                "container_start_time_seconds", "container_last_seen", "machine_cpu_cores", "machine_memory_bytes",
                "jtop_container_pids_limit")) {
            assertTrue(t.contains("# TYPE " + gauge + " gauge\n"), gauge);
        }
        assertEquals("container_cpu_usage_seconds_total{container=\"\",cpu=\"total\",id=\"/docker/" + DOCKER_ID
                + "\",image=\"nginx:1.27\",name=\"web\",namespace=\"\",pod=\"\"} 12.5",
                line(t, "container_cpu_usage_seconds_total{container=\"\""));
        assertTrue(line(t, "container_cpu_cfs_throttled_seconds_total{container=\"\"").endsWith("} 4.0"));
        assertTrue(line(t, "container_spec_memory_limit_bytes{container=\"\"").endsWith("} 6.7108864E7"));
        assertTrue(line(t, "container_start_time_seconds{container=\"\"").endsWith("} " + (NOW.getEpochSecond() - 100.0)));
        assertTrue(line(t, "container_last_seen{container=\"\"").endsWith("} " + (double) NOW.getEpochSecond()));
        assertEquals("machine_cpu_cores 8.0", line(t, "machine_cpu_cores "));
    }

    @Test
    void openMetricsCarriesTypesAndUnits() throws IOException {
        String t = openMetrics(ContainerMetrics.of(snapshot(docker()), 8, 16L << 30));
        assertTrue(t.contains("# TYPE container_cpu_usage_seconds counter\n# UNIT container_cpu_usage_seconds seconds\n"), t);
        assertTrue(t.contains("# TYPE container_memory_working_set_bytes gauge\n# UNIT container_memory_working_set_bytes bytes\n"), t);
        assertTrue(t.contains("# TYPE jtop_container info\n"), t);
        assertTrue(t.endsWith("# EOF\n"), t);
    }

    @Test
    void kubernetesLabelsAndTheSameLabelSetAcrossEachFamily() {
        MetricSnapshots m = ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30);
        for (MetricSnapshot f : m) {
            Set<List<String>> names = new HashSet<>();
            for (DataPointSnapshot p : f.getDataPoints()) {
                List<String> n = new ArrayList<>();
                p.getLabels().forEach(l -> n.add(l.getName()));
                names.add(n);
            }
            assertTrue(names.size() <= 1, f.getMetadata().getName() + " has label sets " + names);
        }
        Labels k8s = family(m, "container_memory_working_set_bytes").getDataPoints().stream()
                .map(DataPointSnapshot::getLabels).filter(l -> l.get("name").equals("cart")).findFirst().orElseThrow();
        assertEquals("shop", k8s.get("namespace"));
        assertEquals("cart-7d9f", k8s.get("pod"));
        assertEquals("cart", k8s.get("container"));
        assertEquals("registry.local/cart:2", k8s.get("image"));
        assertEquals("/kubepods/burstable/poduid-1/" + K8S_ID, k8s.get("id"));
    }

    @Test
    void aFigureNotReadIsNoSeriesNotZero() throws IOException {
        String t = text(ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30));
        // the v2 container: no OOM kills, swap, quota, I/O or network read; unlimited memory is 0 as in cAdvisor
        for (String absent : List.of("container_oom_events_total", "container_memory_swap", "container_spec_cpu_quota",
                "container_fs_reads_bytes_total", "container_network_receive_bytes_total", "jtop_container_pids_limit",
                "container_start_time_seconds")) {
            assertFalse(t.contains(absent + "{container=\"cart\""), absent);
            assertTrue(t.contains(absent + "{container=\"\""), absent + " of the docker container");
        }
        assertTrue(line(t, "container_spec_memory_limit_bytes{container=\"cart\"").endsWith("} 0.0"));
        // v2's weight 100 as the shares it stands for
        assertTrue(line(t, "container_spec_cpu_shares{container=\"cart\"").endsWith("} 2597.0"));
    }

    @Test
    void hostNamespacesAndRuntimeAsInfoMetrics() throws IOException {
        String t = text(ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30));
        List<String> shared = t.lines().filter(l -> l.startsWith("jtop_container_host_namespace_info{")).toList();
        assertEquals(2, shared.size(), t);
        assertTrue(shared.get(0).contains("host_namespace=\"net\"") && shared.get(0).endsWith("} 1"), shared.get(0));
        assertTrue(line(t, "jtop_container_info{container=\"cart\"").contains("runtime=\"containerd\",state=\"running\""));
    }

    @Test
    void aContainerGoneHasNoSeries() throws IOException {
        String both = text(ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30));
        String one = text(ContainerMetrics.of(snapshot(kubernetes()), 8, 16L << 30));
        assertTrue(both.contains(DOCKER_ID));
        assertFalse(one.contains(DOCKER_ID));
        String none = text(ContainerMetrics.of(snapshot(), 8, 16L << 30));
        assertFalse(none.contains("container_"), none);
        assertTrue(none.contains("machine_cpu_cores 8.0"));
    }

    @Test
    void rowsWithoutCgroupOrListedTwiceGiveOneSeries() {
        Snapshot.Row d = docker();
        Container noCgroup = new Container("c".repeat(64), "gone", Runtime.DOCKER, "x", 0, ContainerState.EXITED,
                null, null, 0, false);
        MetricSnapshots m = ContainerMetrics.of(snapshot(d, d, new Snapshot.Row(noCgroup, Sample.builder().build())),
                2, 1L << 30);
        assertEquals(1, family(m, "container_threads").getDataPoints().size());
    }

    @Test
    void hostileNamesAreEscapedAndTheOutputStaysUtf8() throws IOException {
        // a quote, a backslash, a newline, a byte 0xff that was not UTF-8 (surrogate escape), and a lone surrogate
        String hostile = "ev\"il\\na\nme\uDCFF\uD800x";
        Container c = new Container(DOCKER_ID, hostile, Runtime.DOCKER, "img\nEVIL 1", 42, ContainerState.RUNNING,
                "/docker/" + DOCKER_ID, NOW, null, false);
        Snapshot.Row r = new Snapshot.Row(c, docker().sample());
        for (String t : List.of(text(ContainerMetrics.of(snapshot(r), 1, 1)),
                openMetrics(ContainerMetrics.of(snapshot(r), 1, 1)))) {
            String l = line(t, "container_threads{");
            assertTrue(l.contains("name=\"ev\\\"il\\\\na\\nme\\\\xff\uFFFDx\""), l);
            assertTrue(l.contains("image=\"img\\nEVIL 1\""), l);
            assertFalse(t.lines().anyMatch(x -> x.startsWith("EVIL") || x.startsWith("me")), "no injected line");
        }
    }

    @Test
    void theBreakdownsFamiliesUnderCadvisorsNames() throws IOException {
        String t = text(ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30));
        String web = "{container=\"\",id=\"/docker/" + DOCKER_ID + "\",image=\"nginx:1.27\",name=\"web\",namespace=\"\",pod=\"\"} ";
        for (String counter : List.of("container_cpu_user_seconds_total", "container_cpu_system_seconds_total",
                "container_pressure_cpu_stalled_seconds_total", "container_pressure_cpu_waiting_seconds_total",
                "container_pressure_memory_stalled_seconds_total", "container_pressure_memory_waiting_seconds_total",
                "container_pressure_io_stalled_seconds_total", "container_pressure_io_waiting_seconds_total",
                "container_network_receive_packets_total", "container_network_receive_errors_total",
                "container_network_receive_packets_dropped_total", "container_network_transmit_packets_total",
                "container_network_transmit_errors_total", "container_network_transmit_packets_dropped_total")) {
            assertTrue(t.contains("# TYPE " + counter + " counter\n"), counter);
        }
        for (String gauge : List.of("container_memory_rss", "container_memory_cache", "container_processes")) {
            assertTrue(t.contains("# TYPE " + gauge + " gauge\n"), gauge);
        }
        assertEquals("container_cpu_user_seconds_total" + web + "10.0", line(t, "container_cpu_user_seconds_total{container=\"\""));
        assertEquals("container_cpu_system_seconds_total" + web + "2.5", line(t, "container_cpu_system_seconds_total{container=\"\""));
        assertEquals("container_memory_rss" + web + "8000000.0", line(t, "container_memory_rss{container=\"\""));
        assertEquals("container_memory_cache" + web + "5000000.0", line(t, "container_memory_cache{container=\"\""));
        assertEquals("container_processes" + web + "3.0", line(t, "container_processes{container=\"\""));
        // waiting is PSI's "some", stalled its "full", µs as seconds
        assertEquals("container_pressure_cpu_waiting_seconds_total" + web + "4.031616",
                line(t, "container_pressure_cpu_waiting_seconds_total{container=\"\""));
        assertEquals("container_pressure_cpu_stalled_seconds_total" + web + "3.943815",
                line(t, "container_pressure_cpu_stalled_seconds_total{container=\"\""));
        assertEquals("container_pressure_io_stalled_seconds_total" + web + "0.262542",
                line(t, "container_pressure_io_stalled_seconds_total{container=\"\""));
        assertEquals("container_pressure_memory_waiting_seconds_total" + web + "0.0",
                line(t, "container_pressure_memory_waiting_seconds_total{container=\"\""));
        for (String absent : List.of("container_cpu_user_seconds_total", "container_memory_rss", "container_processes",
                "container_pressure_io_waiting_seconds_total")) {
            assertFalse(t.contains(absent + "{container=\"cart\""), absent + ": not read for the v2 row");
        }
    }

    @Test
    void oneSeriesPerInterfaceAndPerDevice() throws IOException {
        String t = text(ContainerMetrics.of(snapshot(docker(), kubernetes()), 8, 16L << 30));
        String at = "\",id=\"/docker/" + DOCKER_ID + "\",image=\"nginx:1.27\",interface=\"";
        String rest = "\",name=\"web\",namespace=\"\",pod=\"\"} ";
        assertEquals("container_network_receive_bytes_total{container=\"" + at + "eth0" + rest + "1000.0",
                line(t, "container_network_receive_bytes_total{container=\"\",id=\"/docker/" + DOCKER_ID + "\",image=\"nginx:1.27\",interface=\"eth0\""));
        assertEquals(2, t.lines().filter(l -> l.startsWith("container_network_transmit_packets_total{")).count(), t);
        for (String[] figure : new String[][] {{"receive_packets", "10.0"}, {"receive_errors", "1.0"},
                {"receive_packets_dropped", "2.0"}, {"transmit_bytes", "2000.0"}, {"transmit_packets", "20.0"},
                {"transmit_errors", "3.0"}, {"transmit_packets_dropped", "4.0"}}) {
            String name = "container_network_" + figure[0] + "_total";
            assertEquals(name + "{container=\"" + at + "eth0" + rest + figure[1], line(t, name + "{container=\"\",id=\"/docker/"
                    + DOCKER_ID + "\",image=\"nginx:1.27\",interface=\"eth0\""));
        }
        assertTrue(line(t, "container_network_receive_bytes_total{container=\"\",id=\"/docker/" + DOCKER_ID
                + "\",image=\"nginx:1.27\",interface=\"jt0\"").endsWith("} 5.0"));
        assertEquals("container_fs_reads_bytes_total{container=\"\",device=\"/dev/vda\",id=\"/docker/" + DOCKER_ID
                + "\",image=\"nginx:1.27\",name=\"web\",namespace=\"\",pod=\"\"} 4096.0",
                line(t, "container_fs_reads_bytes_total{"));
        assertTrue(line(t, "container_fs_writes_bytes_total{").endsWith("} 8192.0"));
        // the v2 row read neither: no series, not an empty interface or device
        assertFalse(t.contains("interface=\"\""), t);
        assertFalse(t.contains("device=\"\""), t);
        assertFalse(t.lines().anyMatch(l -> l.startsWith("container_network_") && l.contains("name=\"cart\"")));
    }

    /**
     * A container on the host's network (or whose namespace jtop could not tell from the host's)
     * has no interfaces in its sample, and one with loopback alone an empty list: neither has a
     * network series. A name met twice gives one series; a hostile name is escaped.
     */
    @Test
    void networkSeriesOnlyForInterfacesRead() throws IOException {
        Snapshot.Row d = docker();
        Sample hostNet = d.sample().toBuilder().netInterfaces(null).build();
        Sample loOnly = d.sample().toBuilder().netInterfaces(List.of()).build();
        for (Sample s : List.of(hostNet, loOnly)) {
            String t = text(ContainerMetrics.of(snapshot(new Snapshot.Row(d.container(), s)), 1, 1));
            assertFalse(t.contains("container_network_"), t);
        }
        Sample odd = d.sample().toBuilder().netInterfaces(List.of(
                new Sample.Interface("e\"v\nEVIL 1", 1, 1, 0, 0, 1, 1, 0, 0),
                new Sample.Interface("eth0", 7, 1, 0, 0, 1, 1, 0, 0),
                new Sample.Interface("eth0", 9, 1, 0, 0, 1, 1, 0, 0))).build();
        String t = text(ContainerMetrics.of(snapshot(new Snapshot.Row(d.container(), odd)), 1, 1));
        List<String> rx = t.lines().filter(l -> l.startsWith("container_network_receive_bytes_total{")).toList();
        assertEquals(2, rx.size(), t);
        assertTrue(rx.stream().anyMatch(l -> l.contains("interface=\"e\\\"v\\nEVIL 1\"")), rx.toString());
        assertTrue(rx.stream().anyMatch(l -> l.contains("interface=\"eth0\"") && l.endsWith("} 7.0")), rx.toString());
        assertFalse(t.lines().anyMatch(l -> l.startsWith("EVIL")), "no injected line");
    }

    @Test
    void labelValues() {
        assertEquals("", SeriesLabels.value(null));
        assertEquals("plain", SeriesLabels.value("plain"));
        assertEquals("\\x80\\xff", SeriesLabels.value("\uDC80\uDCFF"));
        assertEquals("\uD83D\uDE00", SeriesLabels.value("\uD83D\uDE00"), "a well-formed pair stays");
        assertEquals("\uFFFD", SeriesLabels.value("\uDE00"));
    }
}
