package io.jtop.cli;

import io.jtop.linux.proc.Terminals;
import io.jtop.metrics.HostSampler;
import io.jtop.ui.App;
import io.jtop.ui.Intervals;
import io.jtop.ui.Sources;
import io.jtop.ui.UiConfig;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.theme.Themes;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code jtop}: the full-screen UI, from jtop's options (picocli's, or their defaults for
 * {@code jtop} alone) to the end of the session. Nothing here names a picocli type: {@code jtop}
 * alone runs it from {@link Jtop} without loading {@link Main}, whose picocli types the start-up
 * archive cannot hold, so that the first frame does not wait for the jar to be opened.
 */
final class Screen {

    static final long DEFAULT_INTERVAL_MILLIS = 1000;

    private final Path hostRoot;
    private final Path storeRoot;
    private final Path runDir;
    private final String theme;
    private final String delay;
    private final boolean readonly;
    private final boolean all;
    /** For the start-up archive's training run: {@code jtop ps}, run before the UI; null in a real session. */
    private final Runnable rehearsePs;

    /** A bad option or config value: a usage error, exit 2. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    Screen(Path hostRoot, Path storeRoot, Path runDir, String theme, String delay, boolean readonly, boolean all,
            Runnable rehearsePs) {
        this.hostRoot = hostRoot;
        this.storeRoot = storeRoot;
        this.runDir = runDir;
        this.theme = theme;
        this.delay = delay;
        this.readonly = readonly;
        this.all = all;
        this.rehearsePs = rehearsePs;
    }

    /** {@code jtop} alone: the options' defaults, and the environment's paths. */
    static int main(PrintWriter err) {
        Map<String, String> env = System.getenv();
        Screen s = new Screen(Host.hostRootOf(env), Host.storeRootOf(env), Host.runDirOf(env), null, null, false, false,
                null);
        try {
            return s.run();
        } catch (UsageError e) {
            return Failures.usage(e.getMessage(), "jtop", err);
        } catch (Exception e) {
            return Failures.failure(e, err);
        }
    }

    int run() throws Exception {
        // The host is wired on a thread of its own from the start: the UI's first frame waits for
        // it, not for the config file, the theme or the terminal's set-up, which go on meanwhile.
        Host[] host = new Host[1];
        FutureTask<Sources> wiring = new FutureTask<>(() -> {
            Host h = new Host(hostRoot, Host.CONTINUOUS_FULL_EVERY, storeRoot, runDir, 0);
            host[0] = h;
            return new Sources(h.backend, h.sampler, h.inspector(), new HostSampler(h.proc, h.cgroup),
                    h::statuses, (c, namespaces) -> shellArgv(c.id(), namespaces));
        });
        Thread wirer = new Thread(wiring, "jtop-wiring");
        wirer.setDaemon(true);
        wirer.start();
        boolean rehearse = rehearsePs != null;
        // The terminal is set up (an stty child) meanwhile too; it is given back if the config fails.
        // Checked in the start-up archive's rehearsal too, so that the check's classes are in it.
        boolean onTerminal = Terminals.onTerminal();
        if (!rehearse && !onTerminal) {
            throw new IllegalStateException("the full-screen UI needs a terminal on stdin and stdout; "
                    + "in scripts use 'jtop ps' or 'jtop top -b'");
        }
        App.TerminalAhead terminal = rehearse ? null : App.TerminalAhead.open();
        App.Options options = options(theme, delay, readonly, all, terminal);
        boolean ran = false;
        Callable<Sources> wired = () -> {
            try {
                return wiring.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        };
        try {
            if (rehearse) {
                // The archive should serve 'jtop ps' as well as the screen: one run of each.
                rehearsePs.run();
                Rehearsal.run(wired.call(), options);
                return 0;
            }
            ran = true;
            return App.run(wired, options, terminal);
        } finally {
            if (!ran && terminal != null) {
                terminal.abandon();
            }
            wirer.join(2000); // a failure above may come while it still wires: let it finish, then close
            if (host[0] != null) {
                host[0].close();
            }
        }
    }

    /**
     * The UI's options: the config file's, the theme and interval given or the defaults. A bad
     * value is a {@link UsageError}; on any failure the terminal being set up gets its settings back.
     */
    static App.Options options(String theme, String delay, boolean readonly, boolean all, App.TerminalAhead terminal)
            throws UsageError, IOException {
        Map<String, String> env = System.getenv();
        try {
            UiConfig config = UiConfig.load(UiConfig.location(env));
            long interval = delay != null ? Intervals.parseMillis(delay)
                    : config.intervalMillis() != null ? config.intervalMillis() : DEFAULT_INTERVAL_MILLIS;
            Theme colours = Themes.choose(theme != null ? theme : env.containsKey("NO_COLOR") ? null : config.theme(),
                    env);
            return new App.Options(colours, config, interval, readonly, all);
        } catch (IOException | RuntimeException e) {
            if (terminal != null) {
                terminal.abandon(); // the tty gets its settings back before the message
            }
            if (e instanceof IllegalArgumentException) {
                throw new UsageError(e.getMessage());
            }
            throw e;
        }
    }

    /** {@code jtop shell ID --ns NS} as a child of this JVM: the same java, jar and stores. */
    private List<String> shellArgv(String id, String namespaces) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-XX:+UseSerialGC");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(Jtop.class.getName());
        argv.add("--root=" + storeRoot);
        argv.add("--run-dir=" + runDir);
        argv.add("--host-root=" + hostRoot);
        argv.add("shell");
        argv.add(id);
        argv.add("--ns=" + namespaces);
        return argv;
    }
}
