package io.jtop.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real jar's {@code jtop serve} on a loopback port the kernel picks, with its own store under a test's directory. */
public final class ServeProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("jtop: serving (http://127\\.0\\.0\\.1:([0-9]+)/metrics)");
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Process process;
    private final Path stderr;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Where it serves, e.g. {@code http://127.0.0.1:41234/metrics}. */
    public final String url;
    public final int port;

    private ServeProcess(Process process, Path stderr, String url, int port) {
        this.process = process;
        this.stderr = stderr;
        this.url = url;
        this.port = port;
    }

    /** Starts it and waits for the line that says where it listens. */
    public static ServeProcess start(Path dir) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", Jtop.jar().toString(), "serve", "--listen", "127.0.0.1:0"));
        Path err = dir.resolve("serve.err");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(err.toFile());
        pb.environment().put("JTOP_ROOT", dir.resolve("root").toString());
        pb.environment().put("JTOP_RUN", dir.resolve("run").toString());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first;
        try {
            first = line.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("jtop serve printed nothing: " + Files.readString(err), e);
        }
        Matcher m = SERVING.matcher(first == null ? "" : first);
        if (!m.matches()) {
            p.destroyForcibly();
            throw new AssertionError("jtop serve: " + first + " / " + Files.readString(err));
        }
        return new ServeProcess(p, err, m.group(1), Integer.parseInt(m.group(2)));
    }

    /** One {@code GET /metrics}: a 200 and its body. */
    public String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** Scrapes until a body satisfies {@code ok}, failing with the last one past the deadline. */
    public String scrapeUntil(Predicate<String> ok) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String body = null;
        while (System.nanoTime() < deadline) {
            body = scrape();
            if (ok.test(body)) {
                return body;
            }
            Thread.sleep(200); // poll interval, not a synchronisation
        }
        throw new AssertionError("no scrape met the condition; the last:\n" + body);
    }

    /** The value of the first series whose line starts with {@code prefix}, or null. */
    public static Double value(String body, String prefix) {
        for (String l : body.split("\n")) {
            if (l.startsWith(prefix)) {
                return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    /** {@code promtool check metrics} (the exposition format and its lint) returns 0 on {@code body}. */
    public static void promtoolAccepts(String body, Path dir) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "metrics", ".txt");
        Files.writeString(file, body);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool check metrics did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics: " + said);
    }

    /** The process, for a test that signals it. */
    public Process process() {
        return process;
    }

    /** What it wrote on stderr so far. */
    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        Host.stop(process);
    }
}
