package io.jtop.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool run to the end with its exit code, stdout and stderr kept apart: the packaging
 * checks judge a tool by what it prints on stderr as much as by its exit code.
 */
record ToolRun(int exit, String stdout, String stderr) {
    private static final long TIMEOUT_SECONDS = 60;

    /** Runs {@code argv} with stdin from /dev/null; stdout and stderr go through files, so neither can block it. */
    static ToolRun of(List<String> argv) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jtop-tool", ".out");
        Path err = Files.createTempFile("jtop-tool", ".err");
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + ": timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new ToolRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What a failure message shows. */
    String describe() {
        return "exit " + exit + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip();
    }
}
