package io.jtop.ui;

import java.util.List;
import java.util.Map;

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
 */
public record HostHeader(String hostname, String kernel, int cgroupVersion, double uptimeSeconds, double[] load,
                         Double cpuPercent, int cpus, long memoryUsed, long memoryTotal, Map<String, Integer> states,
                         List<String> backends) {
}
