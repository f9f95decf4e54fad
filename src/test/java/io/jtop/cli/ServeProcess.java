package io.jtop.cli;

import io.jtop.testing.Jtop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real jar's {@code jtop serve} on a loopback port the kernel picks, with its own store under a test's directory. */
final class ServeProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("jtop: serving (http://127\\.0\\.0\\.1:([0-9]+)/metrics)");

    private final Process process;
    /** Where it serves, e.g. {@code http://127.0.0.1:41234/metrics}. */
    final String url;
    final int port;

    private ServeProcess(Process process, String url, int port) {
        this.process = process;
        this.url = url;
        this.port = port;
    }

    /** Starts it and waits for the line that says where it listens. */
    static ServeProcess start(Path dir) throws IOException {
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", Jtop.jar().toString(), "serve", "--listen", "127.0.0.1:0");
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
        return new ServeProcess(p, m.group(1), Integer.parseInt(m.group(2)));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
