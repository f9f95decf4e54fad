package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real jar's full-screen UI in tmux against real containers of jtop's runtime, as a user
 * drives it: the table lists them, {@code /} filters, Enter opens the detail view, {@code k}
 * kills, {@code e} opens a shell inside, {@code q} quits; the terminal is restored exactly after
 * a quit and after SIGTERM, SIGINT and SIGHUP, and the containers are left as they were.
 */
class FullScreenIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final String tag = UUID.randomUUID().toString().substring(0, 4);
    private final String web = "uit-web-" + tag;
    private final String db = "uit-db-" + tag;

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @BeforeEach
    void containers() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("tmux");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
        for (String name : List.of(web, db)) {
            InProcess.Run r = jtop("run", "-d", "--name", name, "--memory", "64m", "--pids-limit", "20", "bb",
                    "sleep", "100000");
            assertEquals(0, r.exit(), r.err());
        }
    }

    @AfterEach
    void removeThem() {
        jtop("rm", "-f", web);
        jtop("rm", "-f", db);
    }

    private Tmux ui(int columns, int rows, String... options) {
        return Jtop.screen(tmp, columns, rows, options);
    }

    private JsonNode state(String name) throws Exception {
        for (JsonNode c : JSON.readTree(jtop("ps", "-a", "--json", "-d", "0").out())) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void filterDetailKillShellQuit() throws Exception {
        try (Tmux t = ui(120, 40)) {
            t.awaitText(s -> s.contains("FLAGS") && s.contains("running"), WAIT); // other containers may fill the page

            t.sendKeys("/");
            t.awaitText("Filter: ", WAIT);
            t.sendText(web);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains(web) && !s.contains(db) && s.contains("filter: " + web), WAIT);

            t.sendKeys("Enter");
            String ns = t.awaitText(s -> s.contains("SHARED WITH") && s.contains("mnt "), WAIT);
            assertTrue(ns.contains("Namespaces") && ns.contains("Overlay") && ns.contains("CPU") && ns.contains("PIDS 1 of 20 max"), ns);
            t.sendKeys("Tab");
            String overlay = t.awaitText(s -> s.contains("upperdir") && s.contains("changes in the upperdir"), WAIT);
            assertTrue(overlay.contains("lowerdir, top to bottom (1 layers)") && overlay.contains(tmp.resolve("root").toString()), overlay);
            t.sendKeys("Escape");
            t.awaitText(s -> s.contains("NAME") && s.contains("FLAGS"), WAIT);

            t.sendKeys("k");
            t.awaitText("KILL (9)", WAIT);
            t.sendKeys("Enter"); // the first signal is KILL
            String confirm = t.awaitText("SIGKILL " + web + "?", WAIT);
            assertTrue(confirm.contains("host PID") && confirm.contains("PID namespace pid:["), confirm);
            t.sendKeys("Tab", "Enter"); // from No to Yes
            t.awaitText(s -> !s.contains("SIGKILL " + web + "?"), WAIT); // keys typed into a dialog stay there
            t.sendKeys("a");
            t.awaitText(s -> s.contains("exited (137)"), WAIT);
            assertEquals(137, state(web).path("exit_code").asInt());
            assertEquals("running", state(db).path("state").asText(), "only the chosen container was hit");

            t.sendKeys("/");
            t.awaitText("Filter: " + web, WAIT);
            t.sendKeys("Escape"); // clears the filter (alone: ESC and a key at once read as Alt+key)
            t.awaitText(s -> !s.contains("filter: "), WAIT);
            t.sendKeys("/");
            t.awaitText("Filter: ", WAIT);
            t.sendText(db);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains(db) && !s.contains(web), WAIT);
            t.sendKeys("e");
            t.awaitText("Enter which namespaces", WAIT);
            t.sendKeys("Enter"); // all: runc exec
            String id = state(db).path("id").asText();
            t.sendText("echo HOST=$(hostname)");
            t.sendKeys("Enter");
            t.awaitText("HOST=" + id.substring(0, 12), WAIT);
            t.sendText("exit");
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains("NAME") && s.contains("shell in " + db + " exited (0)"), WAIT);

            t.sendKeys("q");
            assertEquals(0, t.awaitExit(WAIT));
            assertEquals(t.sttyBefore(), t.sttyAfter(), "the terminal is restored exactly");
        }
        assertEquals("running", state(db).path("state").asText());
    }

    /** --readonly binds no key that changes a container: pressed, it does nothing, and no hint offers it. */
    @Test
    void readonlyBindsNoActionKey() throws Exception {
        try (Tmux t = ui(120, 40, "--readonly")) {
            String main = t.awaitText(s -> s.contains("READ-ONLY") && s.contains(web) && s.contains("running"), WAIT);
            assertFalse(main.contains(" k Kill ") || main.contains(" S Stop "), main);
            // Unbound, k S p R open nothing: the help that follows comes up on the main screen.
            t.sendKeys("k", "S", "p", "R", "?");
            String help = t.awaitText("jtop help", WAIT);
            assertFalse(help.contains("send a signal") || help.contains("pause / resume"), help);
            assertTrue(help.contains("logs (follow, scroll, search)"), help);
            t.sendKeys("Escape");
            String back = t.awaitText(s -> s.contains("FLAGS") && !s.contains("jtop help"), WAIT);
            assertFalse(back.contains("refused"), "nothing said of the keys: " + back);
            t.sendKeys("q");
            assertEquals(0, t.awaitExit(WAIT));
        }
        assertEquals("running", state(web).path("state").asText());
        assertEquals("running", state(db).path("state").asText());
    }

    @Test
    void aContainerThatExitsIsShownExitedAtOnceNotAtTheNextTick() throws Exception {
        try (Tmux t = ui(120, 40, "-a", "-d", "600")) {
            t.awaitText(s -> s.contains(web) && s.contains(db) && s.contains("running"), WAIT);
            assertEquals(0, jtop("kill", web).exit()); // another process: the UI is not told
            t.awaitText(s -> s.contains("exited (137)"), WAIT); // the next tick is 10 minutes away
            t.sendKeys("q");
            assertEquals(0, t.awaitExit(WAIT));
        }
    }

    @Test
    void signalsRestoreTheTerminalAndLeaveContainersAlone() throws Exception {
        for (String signal : List.of("TERM", "INT", "HUP")) {
            try (Tmux t = ui(80, 24)) {
                t.awaitText(s -> s.contains("FLAGS") && s.contains("running"), WAIT);
                Host.run("kill", "-" + signal, Long.toString(t.pid()));
                int status = t.awaitExit(WAIT);
                assertTrue(status == 0 || status > 128, signal + " ended jtop with " + status);
                assertEquals(t.sttyBefore(), t.sttyAfter(), "SIG" + signal + " left the terminal changed");
            }
            assertEquals("running", state(web).path("state").asText(), "SIG" + signal + " touched a container");
            assertEquals("running", state(db).path("state").asText());
        }
    }

    @Test
    void tinyTerminalsAndResizesNeverBreakIt() throws Exception {
        try (Tmux t = ui(80, 24)) {
            t.awaitText(s -> s.contains("FLAGS") && s.contains("running"), WAIT);
            t.resize(30, 6);
            t.awaitText("terminal too small", WAIT);
            t.resize(160, 48);
            String wide = t.awaitText(s -> s.contains("running") && s.contains("IO/s r/w"), WAIT);
            assertFalse(wide.contains("too small"));
            t.sendKeys("?");
            t.awaitText("jtop help", WAIT);
            t.sendKeys("x");
            t.awaitText(s -> s.contains("FLAGS"), WAIT);
            t.resize(80, 24); // stty reports the size: compare like with like
            t.awaitText(s -> s.contains("FLAGS"), WAIT);
            t.sendKeys("F10");
            assertEquals(0, t.awaitExit(WAIT));
            assertEquals(t.sttyBefore(), t.sttyAfter());
        }
    }

    @Test
    void killingAContainerInTheHostsPidNamespaceAsksForItsName() throws Exception {
        String host = "uit-hostpid-" + tag;
        InProcess.Run r = jtop("run", "-d", "--name", host, "--pid", "host", "bb", "sleep", "100000");
        assertEquals(0, r.exit(), r.err());
        try (Tmux t = ui(120, 40)) {
            t.awaitText(s -> s.contains("FLAGS") && s.contains("running"), WAIT);
            t.sendKeys("/");
            t.awaitText("Filter: ", WAIT);
            t.sendText(host);
            t.sendKeys("Enter");
            // Its row with the PID flag (the host's PID namespace): the warning below needs the
            // container's first sample, which may come after its row first shows.
            String shortId = r.out().strip().substring(0, 12);
            t.awaitText(s -> !s.contains(web) && s.lines().anyMatch(l -> l.contains(shortId)
                    && l.matches(".*\\bPID\\b.*")), WAIT);
            t.sendKeys("k");
            t.awaitText("KILL (9)", WAIT);
            t.sendKeys("Enter");
            String ask = t.awaitText("Type its name to confirm", WAIT);
            assertTrue(ask.contains("THE HOST'S"), ask);
            t.sendText("web");
            t.sendKeys("Enter");
            t.awaitText("type exactly: " + host, WAIT);
            assertEquals("running", state(host).path("state").asText(), "a wrong name kills nothing");
            for (int i = 0; i < 3; i++) {
                t.sendKeys("BSpace");
            }
            t.sendText(host);
            t.sendKeys("Enter");
            t.awaitText(s -> !s.contains("Type its name"), WAIT);
            t.sendKeys("a");
            t.awaitText("exited (137)", WAIT);
            t.sendKeys("q");
            assertEquals(0, t.awaitExit(WAIT));
        } finally {
            jtop("rm", "-f", host);
        }
    }
}
