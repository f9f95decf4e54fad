package io.jtop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real, packaged {@code target/jtop.jar} as a user would, in a child JVM. */
public final class Jtop {

    /** The prefix that runs a command as user and group nobody (65534), in no other group. */
    public static final List<String> NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("jtop printed no JSON (exit " + exit + "): " + out + "\nstderr: " + err, e);
            }
        }

        public Result assertOk() {
            if (exit != 0) {
                throw new AssertionError("jtop exited " + exit + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    private Jtop() {
    }

    /** The packaged jar (failsafe passes its path; falls back to target/jtop.jar). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("jtop.jar", "target/jtop.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: run 'mvn package' first");
        }
        return jar.toAbsolutePath();
    }

    /** Runs {@code java -jar jtop.jar ARGS} as the current user. */
    public static Result run(String... args) {
        return runAs(List.of(), args);
    }

    /** Runs jtop with a prefix such as {@code setpriv --reuid=65534 …}. */
    public static Result runAs(List<String> prefix, String... args) {
        return exec(argv(prefix, jar(), args), args);
    }

    /**
     * Runs jtop as user nobody ({@link #NOBODY}), from a copy of the jar in {@code dir} (made at
     * the first call) that nobody can read wherever the checkout lives; {@code dir} is opened to
     * every user for it.
     */
    public static Result runAsNobody(Path dir, String... args) {
        Path jar = dir.resolve("jtop.jar");
        try {
            if (!Files.exists(jar)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.copy(jar(), jar);
                Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot copy the jar into " + dir, e);
        }
        return exec(argv(NOBODY, jar, args), args);
    }

    private static Result exec(List<String> argv, String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jtop " + String.join(" ", args) + " did not end within 120 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code java -jar jtop.jar ARGS} and returns at once, for a test that kills it half-way;
     * what it prints is dropped.
     */
    public static Process start(String... args) {
        List<String> argv = argv(List.of(), jar(), args);
        try {
            return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv, e);
        }
    }

    /**
     * jtop's full-screen UI on the store in {@code dir} (its {@code root} and {@code run}, as the
     * in-process runs of the tests lay it out), in a tmux session of {@code columns}×{@code rows}
     * with no user configuration, recording {@code stty -a} before and after it.
     */
    public static Tmux screen(Path dir, int columns, int rows, String... options) {
        return Tmux.command(argv(List.of(), jar(), inStore(dir, options)).toArray(String[]::new))
                .size(columns, rows)
                .env("XDG_CONFIG_HOME", dir.resolve("config").toString()) // no user config
                .recordStty()
                .start();
    }

    /** jtop's arguments on the store in {@code dir}: its {@code root} and {@code run}, then {@code args}. */
    public static String[] inStore(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("--root", dir.resolve("root").toString(),
                "--run-dir", dir.resolve("run").toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static List<String> argv(List<String> prefix, Path jar, String... args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-XX:+UseSerialGC");
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-jar");
        argv.add(jar.toString());
        argv.addAll(List.of(args));
        return argv;
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
