package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.engine.lifecycle.RuntimeWaits;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs jtop's command line in this JVM and keeps what it printed. */
final class InProcess {

    /** What one run printed and how it ended. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    private InProcess() {
    }

    static Run jtop(String... args) {
        return jtop(RuntimeWaits.DEFAULT, args);
    }

    /** jtop with its own runtime waiting this long for the OCI runtime. */
    static Run jtop(RuntimeWaits waits, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), waits);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code ps -a --json -d SECONDS} of the store in {@code dir}: its rows, exited ones too. */
    static JsonNode psAll(Path dir, String seconds) throws IOException {
        Run r = jtopIn(dir, "ps", "-a", "--json", "-d", seconds);
        if (r.exit() != 0) {
            throw new AssertionError("jtop ps exited " + r.exit() + ": " + r.err());
        }
        return r.json();
    }

    /** The row named {@code name} of a {@code ps --json} listing. */
    static JsonNode row(JsonNode rows, String name) {
        for (JsonNode r : rows) {
            if (name.equals(r.path("name").asText())) {
                return r;
            }
        }
        throw new AssertionError("no " + name + " in " + rows);
    }

    /** jtop with its store and run-time files in {@code dir}, as a test's own runtime. */
    static Run jtopIn(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("--root", dir.resolve("root").toString(),
                "--run-dir", dir.resolve("run").toString()));
        all.addAll(List.of(args));
        return jtop(all.toArray(String[]::new));
    }
}
