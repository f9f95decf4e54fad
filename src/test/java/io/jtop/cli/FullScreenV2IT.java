package io.jtop.cli;

import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import io.jtop.ui.Format;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real jar's full-screen UI in tmux on a live cgroup v2 host (the v2 lane's guest), with
 * jtop's demo running: the table flags demo-cpu throttled and demo-pids at its pids limit, and
 * neither privileged (the UI watched them start); the detail view shows the PSI figures the
 * kernel gives the container's cgroup; {@code q} quits with the terminal as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullScreenV2IT {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    /** A JVM start and the kernel's verdicts take a while under emulation. */
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** The detail view's pressure line: cpu, memory and io, {@code some} avg10 in percent. */
    private static final Pattern SHOWN = Pattern.compile("PRESSURE +cpu (\\S+), memory (\\S+), io (\\S+) ");
    private static final Pattern SOME_AVG10 = Pattern.compile("(?m)^some avg10=(\\S+) ");

    /** Static: JUnit fills an instance field only before each test, after {@code @BeforeAll}. */
    @TempDir
    static Path tmp;
    private boolean started;
    private Tmux ui;

    @BeforeAll
    void startTheDemoAndTheUi() {
        Host.requireCgroupV2();
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("tmux");
        // The UI first: its JVM starts while the demo's containers do, and it lists them as they come.
        ui = Jtop.screen(tmp, 160, 45);
        started = true;
        InProcess.Run demo = InProcess.jtopIn(tmp, "demo");
        assertEquals(0, demo.exit(), demo.err());
    }

    @AfterAll
    void cleanUp() {
        if (ui != null) {
            ui.close();
        }
        if (started) {
            InProcess.jtopIn(tmp, "demo", "--clean");
        }
    }

    @Test
    @Order(1)
    void theTableFlagsDemoCpuThrottledAndDemoPidsAtItsLimit(TestReporter report) {
        String screen = ui.awaitText(s -> row(s, "demo-cpu").matches(".*\\bTHR\\b.*")
                && row(s, "demo-pids").contains("PIDS!"), WAIT);
        report.publishEntry("rows", row(screen, "demo-cpu").strip() + "\n" + row(screen, "demo-pids").strip());
        // The UI watched them being created: what runc's init showed before it dropped its
        // capabilities and exec'd the command is not what the container runs with.
        for (String name : List.of("demo-cpu", "demo-pids")) {
            ui.awaitText(s -> !row(s, name).isEmpty() && !row(s, name).matches(".*\\bPRIV\\b.*"), WAIT);
        }
    }

    @Test
    @Order(2)
    void theDetailViewShowsTheCgroupsPressure(TestReporter report) throws IOException {
        Path cpuPressure = CGROUPS.resolve(InProcess.row(InProcess.psAll(tmp, "0"), "demo-cpu").path("cgroup")
                .asText().substring(1)).resolve("cpu.pressure");
        ui.sendKeys("/");
        ui.awaitText("Filter: ", WAIT);
        ui.sendText("demo-cpu");
        ui.sendKeys("Enter");
        ui.awaitText(s -> s.contains("filter: demo-cpu") && !s.contains("demo-pids"), WAIT);
        ui.sendKeys("Enter");
        String detail = ui.awaitText(s -> s.contains(" demo-cpu ") && s.contains("Namespaces") && s.contains(" PIDS "),
                WAIT);
        assertTrue(SHOWN.matcher(detail).find(), "no pressure line in the detail view:\n" + detail);
        // The view shows what the sampler read at one of its full reads; the kernel updates avg10
        // every 2 s. Every value the file had while the screen was polled is kept: the figure shown
        // is one of them once the view has read the file since polling began.
        Set<String> seen = new LinkedHashSet<>();
        String screen = ui.awaitText(s -> {
            seen.add(Format.percent(someAvg10(cpuPressure)));
            Matcher m = SHOWN.matcher(s);
            return m.find() && seen.contains(m.group(1));
        }, WAIT);
        Matcher m = SHOWN.matcher(screen);
        assertTrue(m.find());
        report.publishEntry("pressure", m.group() + "; " + cpuPressure + " some avg10 was " + seen);
        // Its loop is runnable all the time and runs half of it: the kernel counts the rest as
        // time some of its tasks waited for a CPU.
        assertTrue(Double.parseDouble(m.group(1)) > 0, screen);
        assertNotNull(Double.valueOf(m.group(2)), screen);
        assertNotNull(Double.valueOf(m.group(3)), screen);
    }

    @Test
    @Order(3)
    void qQuitsWithStatus0AndTheTerminalAsItWas() {
        ui.sendKeys("q");
        assertEquals(0, ui.awaitExit(WAIT));
        assertEquals(ui.sttyBefore(), ui.sttyAfter(), "the terminal is restored exactly");
    }

    /** The screen's line of the container {@code name}, or "" when it has none. */
    private static String row(String screen, String name) {
        return screen.lines().filter(l -> l.contains(" " + name + " ")).findFirst().orElse("");
    }

    private static Double someAvg10(Path pressure) {
        String text;
        try {
            text = Files.readString(pressure);
        } catch (IOException e) {
            throw new UncheckedIOException("unable to read " + pressure, e);
        }
        Matcher m = SOME_AVG10.matcher(text);
        assertTrue(m.find(), pressure + ": " + text);
        return Double.valueOf(m.group(1));
    }
}
