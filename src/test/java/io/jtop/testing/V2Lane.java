package io.jtop.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The host's side of the cgroup v2 lane: boots the guest with {@code src/test/v2/lane.sh}, which
 * runs {@code src/test/v2/suite.sh} in it on this JVM's own test class path, and says what came
 * back. Everything the guest left (console, launcher output, reports, JVM crash reports) stays in
 * the results directory.
 */
public final class V2Lane {

    /** What a test class of the guest's suite is called: run there, never by failsafe on the host. */
    public static final String SUFFIX = "V2IT";

    /** Time allowed for preparing the kernel and initramfs, beyond the guest's own deadline. */
    private static final Duration PREPARE = Duration.ofMinutes(5);

    private V2Lane() {
    }

    /**
     * How the lane ended.
     *
     * @param exit    lane.sh's exit status: the guest suite's (0 when the last run left reports),
     *                124 when the guest ran out of time, 125 when it ended without a status, -1
     *                when lane.sh itself was killed after {@code timeout} + the preparation time
     * @param results the results directory
     * @param seconds the wall time of the whole lane
     */
    public record Outcome(int exit, Path results, long seconds) {
        public Path log() {
            return results.resolve("lane.log");
        }
    }

    /**
     * Boots the guest and runs the selected *V2IT classes in it.
     *
     * @param classes simple class names separated by commas (e.g. {@code DemoV2IT}), or blank for all
     */
    public static Outcome run(Path basedir, String classes, Duration timeout) throws IOException, InterruptedException {
        Path results = basedir.resolve("target/v2");
        Host.deleteTree(results);
        Files.createDirectories(results);
        List<Path> classpath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                classpath.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(basedir.resolve("src/test/v2/lane.sh").toString(), results.toString());
        Map<String, String> env = pb.environment();
        env.put("JTOP_V2_JOB", "sh " + basedir.resolve("src/test/v2/suite.sh"));
        env.put("JTOP_V2_BINDS", String.join(" ", binds(basedir, classpath)));
        env.put("JTOP_V2_CLASSPATH", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        env.put("JTOP_V2_TEST_CLASSES", basedir.resolve("target/test-classes").toString());
        env.put("JTOP_V2_TESTS", classPattern(classes));
        env.put("JTOP_V2_JAR", Jtop.jar().toString());
        env.put("JTOP_V2_BASEDIR", basedir.toString());
        env.put("JTOP_V2_TIMEOUT", Long.toString(timeout.toSeconds()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true).redirectOutput(results.resolve("lane.log").toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        int exit;
        if (p.waitFor(timeout.plus(PREPARE).toSeconds(), TimeUnit.SECONDS)) {
            exit = p.exitValue();
        } else {
            // lane.sh has its own deadline for qemu; this one is for lane.sh itself.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            exit = -1;
        }
        return new Outcome(exit, results, Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    /** The launcher's regular expression on fully qualified class names for {@code classes}. */
    static String classPattern(String classes) {
        List<String> names = new ArrayList<>();
        for (String c : classes.split(",")) {
            if (!c.isBlank()) {
                names.add(Pattern.quote(c.strip()));
            }
        }
        return names.isEmpty() ? ".*" + SUFFIX : "(.*\\.)?(" + String.join("|", names) + ")";
    }

    /**
     * The host directories the guest must see at their own paths for {@code classpath}: the
     * project, and the one directory holding every other entry (the Maven repository), or each
     * entry's own directory when they share none below /. /usr and /etc are the guest's already.
     */
    static List<String> binds(Path basedir, List<Path> classpath) {
        Set<Path> out = new LinkedHashSet<>();
        out.add(basedir);
        List<Path> others = new ArrayList<>();
        for (Path e : classpath) {
            if (!e.startsWith(basedir) && !e.startsWith("/usr") && !e.startsWith("/etc")) {
                others.add(Files.isDirectory(e) ? e : e.getParent());
            }
        }
        Path common = others.isEmpty() ? null : others.get(0);
        for (Path o : others) {
            while (common != null && !o.startsWith(common)) {
                common = common.getParent();
            }
        }
        if (common != null && common.getNameCount() > 0) {
            out.add(common);
        } else {
            out.addAll(others);
        }
        return out.stream().map(Path::toString).toList();
    }
}
