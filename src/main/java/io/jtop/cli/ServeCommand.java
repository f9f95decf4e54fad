package io.jtop.cli;

import io.jtop.export.MetricsServer;
import io.jtop.linux.proc.HostStats;
import io.jtop.metrics.Sampler;
import io.jtop.metrics.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jtop serve}: the host's containers as Prometheus metrics on {@code GET /metrics}, under
 * cAdvisor's names ({@link io.jtop.export.ContainerMetrics}).
 *
 * <p>Each scrape is one sampling pass over every runtime's containers, as {@code jtop top -b}
 * makes one: nothing is read between scrapes, so an idle server costs nothing, and every figure is
 * the cgroup's at the moment Prometheus stamps the scrape. Every figure exported is a cumulative
 * counter or a level, never a rate, so one pass is enough; a sampler ticking on its own would read
 * the host whether or not anyone scrapes and hand out figures up to a tick old under a scrape's
 * newer timestamp, which skews every rate Prometheus computes from them. Its sampler is
 * {@link Sampler#EXACT}: a pass reads every figure of every container, none kept from an earlier
 * scrape the way {@code top} keeps an idle container's.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve every container's figures as Prometheus metrics on GET /metrics (read-only).")
final class ServeCommand implements Callable<Integer> {

    static final String DEFAULT_LISTEN = "127.0.0.1:9656";

    /** {@code ADDR:PORT}: an IPv4 address, an IPv6 address in brackets, or {@code localhost}. */
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[0-9.]+|localhost):([0-9]{1,5})");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");

    @ParentCommand
    Main main;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = DEFAULT_LISTEN,
            description = "Address and port to listen on (default: ${DEFAULT-VALUE}, this host only). "
                    + "Another address, e.g. 0.0.0.0:9656, exposes the metrics to whoever reaches it.")
    String listen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetSocketAddress address;
        try {
            address = listenAddress(listen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Host host = main.openHost(Sampler.EXACT)) {
            // A scraper waits for the whole pass: on a host of a thousand containers the cgroup
            // reads are most of it, and every core takes a share.
            host.sampler.readInParallel(true);
            HostStats.Memory memory = host.proc.memory();
            int cores = host.proc.cpu().online();
            long memoryBytes = memory == null ? 0 : memory.totalBytes();
            TopCommand.measure(host, 0, false); // the engines' first answer and the readers' descriptors
            PrintWriter err = spec.commandLine().getErr();
            MetricsServer server;
            try {
                server = MetricsServer.start(address, () -> sample(host), cores, memoryBytes, line -> {
                    err.println("jtop: " + line);
                    err.flush();
                });
            } catch (BindException e) {
                throw new IllegalStateException("cannot listen on " + listen + ": " + bindReason(e));
            }
            try (server) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("jtop: serving http://" + hostPart(address) + ":" + server.port() + "/metrics");
                out.flush();
                awaitStop();
            }
        }
        return 0;
    }

    /**
     * Waits for SIGTERM or SIGINT: how systemd, the kubelet and a terminal stop a service. The
     * caller then closes the port and the command exits 0, since a stop that was asked for is
     * not a failure. Left to the JVM, either signal would end the process with 128 + the signal
     * (143, 130), which systemd counts as a failed unit and Kubernetes as a container in error,
     * unless each were told that 143 means success. The JVM's handlers come back once a signal
     * has arrived, so a second one ends a stop that hangs.
     */
    private static void awaitStop() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Signal term = new Signal("TERM");
        Signal intr = new Signal("INT");
        SignalHandler termBefore = Signal.handle(term, s -> stop.countDown());
        SignalHandler intrBefore = Signal.handle(intr, s -> stop.countDown());
        try {
            stop.await();
        } finally {
            Signal.handle(term, termBefore);
            Signal.handle(intr, intrBefore);
        }
    }

    /** One sampling pass over every runtime's running containers. */
    private static Snapshot sample(Host host) {
        try {
            return TopCommand.measure(host, 0, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scrape interrupted", e);
        }
    }

    /**
     * The address of {@code --listen}: {@code ADDR:PORT} with an IP literal (IPv6 in brackets) or
     * {@code localhost}, never a name to look up, and a port 0-65535 (0: one the kernel picks).
     *
     * @throws IllegalArgumentException with the one line that says what is wrong
     */
    static InetSocketAddress listenAddress(String value) {
        Matcher m = LISTEN.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("--listen takes ADDR:PORT (e.g. " + DEFAULT_LISTEN
                    + " or [::1]:9656), not '" + value + "'");
        }
        String addr = m.group(1);
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("--listen: port must be 0-65535, not " + port);
        }
        if (!addr.startsWith("[") && !addr.equals("localhost") && !IPV4.matcher(addr).matches()) {
            throw new IllegalArgumentException("--listen: '" + addr + "' is not an IPv4 address");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(addr.equals("localhost") ? "127.0.0.1" : addr), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen: '" + addr + "' is not an IP address");
        }
    }

    private static String hostPart(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    }

    /** Why the kernel refused the address, in a few words: in use, or not one of this host's. */
    private static String bindReason(BindException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("in use")) {
            return "address already in use";
        }
        if (m.contains("assign")) {
            return "not an address of this host";
        }
        return e.getMessage() == null ? "refused" : e.getMessage();
    }
}
