package io.jtop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.jtop.testing.GuestReports.Case;
import io.jtop.testing.GuestReports.Outcome;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The cgroup v2 lane: boots a Debian 12 kernel on cgroup v2 alone under qemu and runs every
 * {@code *V2IT} class in it (src/test/v2/README.md). Each of the guest's test cases comes back as
 * one test here, failed with the guest's message when it failed there; the guest's console,
 * the launcher's output and its reports stay in target/v2.
 *
 * <p>{@code -Dv2.tests=DemoV2IT,…} runs only those classes; {@code -Dv2.timeout=SECONDS} moves
 * the guest's deadline (default 780 s, so that the lane stays within 15 minutes).
 */
class V2LaneIT {

    @TestFactory
    Stream<DynamicTest> theV2SuiteInsideTheGuest() throws IOException, InterruptedException {
        Host.requireRoot();
        Host.requireCommand("qemu-system-x86_64");
        Host.requireCommand("busybox");
        Path basedir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Duration timeout = Duration.ofSeconds(Long.getLong("v2.timeout", 780));
        V2Lane.Outcome lane = V2Lane.run(basedir, System.getProperty("v2.tests", ""), timeout);
        Path results = lane.results();

        List<Case> first = GuestReports.read(results.resolve("run1"), 1);
        List<Case> cases = GuestReports.merge(first, GuestReports.read(results.resolve("run2"), 2));
        // The guest names its hs_err reports by its own path of the results directory.
        List<String> faults = Files.exists(results.resolve("faults"))
                ? Files.readAllLines(results.resolve("faults")).stream()
                        .map(f -> f.replaceFirst("^/results/", results + "/")).toList()
                : List.of();
        System.out.println(summary(lane, cases, faults));

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the guest ran the suite", () -> assertRan(lane, cases)));
        if (!faults.isEmpty()) {
            // Reported as a skip: the build goes on, the reports show it.
            tests.add(DynamicTest.dynamicTest("emulation faults", () -> Assumptions.abort(
                    "a JVM died of SIGILL in the guest, a fault of qemu's TCG; what did not pass ran again: "
                            + String.join(", ", faults))));
        }
        for (Case c : cases) {
            String name = c.shortName() + (c.run() > 1 ? " (run again after an emulation fault)" : "");
            tests.add(DynamicTest.dynamicTest(name, () -> verdict(c, results)));
        }
        return tests.stream();
    }

    private static void assertRan(V2Lane.Outcome lane, List<Case> cases) throws IOException {
        Path r = lane.results();
        String where = " (guest console: " + r.resolve("console.log") + ", lane: " + lane.log()
                + ", launcher: " + r.resolve("run1/launcher.log") + ")";
        switch (lane.exit()) {
            case -1 -> Assertions.fail("lane.sh did not end in time and was killed" + where);
            case 124 -> Assertions.fail("the guest did not finish within its deadline" + where);
            default -> { }
        }
        if (!GuestReports.hasReport(r.resolve("run1")) && !GuestReports.hasReport(r.resolve("run2"))) {
            Assertions.fail("the guest's suite left no JUnit report (lane.sh exited " + lane.exit() + "; "
                    + crashes(r) + ")" + where + "\nlast lines of lane.log:\n" + tail(lane.log(), 20));
        }
        Assertions.assertFalse(cases.isEmpty(), "the guest ran no test" + where);
    }

    private static void verdict(Case c, Path results) {
        String in = " in the cgroup v2 guest (its logs: " + results + ")";
        switch (c.outcome()) {
            case FAILED -> Assertions.fail(c.shortName() + " failed" + in + ": " + c.message() + "\n" + c.detail());
            case SKIPPED -> Assumptions.abort(c.shortName() + " skipped" + in + ": " + c.message());
            case PASSED -> { }
        }
    }

    private static String summary(V2Lane.Outcome lane, List<Case> cases, List<String> faults) {
        long passed = cases.stream().filter(c -> c.outcome() == Outcome.PASSED).count();
        long failed = cases.stream().filter(c -> c.outcome() == Outcome.FAILED).count();
        long skipped = cases.stream().filter(c -> c.outcome() == Outcome.SKIPPED).count();
        String s = "v2 lane: " + lane.seconds() + " s, lane.sh exit " + lane.exit() + "; guest tests: "
                + passed + " passed, " + failed + " failed, " + skipped + " skipped; results in " + lane.results();
        if (!faults.isEmpty()) {
            s += "\nv2 lane: emulation faults (a JVM died of SIGILL; the classes that did not pass ran again): "
                    + String.join(", ", faults);
        }
        return s;
    }

    /** The JVM crash reports the guest left, for a run that left no report. */
    private static String crashes(Path results) throws IOException {
        List<String> found = new ArrayList<>();
        for (String run : List.of("run1", "run2")) {
            Path dir = results.resolve(run);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).forEach(p -> found.add(p.toString()));
                }
            }
        }
        return found.isEmpty() ? "no JVM crash report" : "JVM crash reports: " + String.join(", ", found);
    }

    private static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
