package io.jtop.ui;

import io.jtop.metrics.Snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host-wide figures of the header, read on the sampling thread.
 *
 * @param hostname      the host's name
 * @param kernel        kernel release
 * @param cgroupVersion 1 or 2
 * @param uptimeSeconds since boot, or -1
 * @param load          1, 5 and 15 minute load averages, or null
 * @param cpuPercent    busy share of all CPUs over the last interval (0–100), or null on the first
 * @param cpus          online CPUs
 * @param memoryUsed    bytes in use (total − available), or -1
 * @param memoryTotal   bytes, or -1
 * @param states        containers by state label, e.g. running → 3
 * @param backends      each backend's name and status: {@code ok}, {@code not running} or what is wrong
 * @param replayed      what a replay shows, in place of the live host's figures; null live
 */
public record HostHeader(String hostname, String kernel, int cgroupVersion, double uptimeSeconds, double[] load,
                         Double cpuPercent, int cpus, long memoryUsed, long memoryTotal, Map<String, Integer> states,
                         List<String> backends, Replayed replayed) {

    /** The live host's header. */
    public HostHeader(String hostname, String kernel, int cgroupVersion, double uptimeSeconds, double[] load,
                      Double cpuPercent, int cpus, long memoryUsed, long memoryTotal, Map<String, Integer> states,
                      List<String> backends) {
        this(hostname, kernel, cgroupVersion, uptimeSeconds, load, cpuPercent, cpus, memoryUsed, memoryTotal, states,
                backends, null);
    }

    /** A replay's header: the recorded tick, its place and its containers' states; the host's figures are not recorded. */
    static HostHeader replayed(Replayed replayed, Snapshot shown) {
        return new HostHeader(null, null, 0, -1, null, null, 0, -1, -1, states(shown), List.of(), replayed);
    }

    /**
     * Where a replay is.
     *
     * @param time   the recorded time of the tick shown, or null while nothing is recorded
     * @param tick   its index, from 0
     * @param ticks  how many the recording holds
     * @param name   the recording's file
     * @param damage what was lost to damage, or null
     */
    public record Replayed(Instant time, int tick, int ticks, String name, String damage) {
    }

    /** The containers of a snapshot by state label, e.g. running → 3. */
    static Map<String, Integer> states(Snapshot snap) {
        Map<String, Integer> states = new TreeMap<>();
        for (Snapshot.Row r : snap.rows()) {
            states.merge(r.container().state().label(), 1, Integer::sum);
        }
        return states;
    }
}
