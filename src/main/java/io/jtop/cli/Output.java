package io.jtop.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.security.auth.module.UnixSystem;

import io.jtop.backend.docker.EngineBackend;
import io.jtop.backend.merged.MergedBackend;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** JSON writing and the once-per-run notice about fields hidden from a non-root user. */
final class Output {

    private static ObjectMapper mapper;

    private Output() {
    }

    /**
     * JSON text, escaped by JSON's grammar so that no string in it can act on a terminal: Jackson
     * escapes C0 controls itself; DEL, C1 controls, bidirectional controls, the line and
     * paragraph separators and every surrogate are escaped too ({@link JsonEscapes}). A byte of
     * a container's text that is not UTF-8 (a {@link io.jtop.text.Utf8} surrogate escape) so
     * appears as <code>&#92;udcNN</code>: README "JSON schema".
     */
    static String json(Object value, boolean pretty) {
        if (mapper == null) {
            mapper = new ObjectMapper();
            mapper.getFactory().setCharacterEscapes(new JsonEscapes());
        }
        try {
            return pretty ? mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    : mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether this process runs with uid 0. */
    static boolean isRoot() {
        try {
            return new UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Says on stderr, once each, what a non-root user cannot see ({@link #hiddenNotice}), then what
     * each backend could not do; an engine whose socket this user may not open is not said again
     * when the notice said what that hides.
     */
    static void notices(PrintWriter err, Set<String> hidden, Host host) {
        boolean told = hiddenNotice(err, hidden, host);
        backendProblems(err, host, told ? deniedEngines(host) : List.of());
    }

    /** Says on stderr, once each, what a backend could not do; the listing went on without it. */
    static void backendProblems(PrintWriter err, Host host) {
        backendProblems(err, host, List.of());
    }

    private static void backendProblems(PrintWriter err, Host host, List<EngineBackend> toldOf) {
        if (host.backend instanceof MergedBackend m) {
            for (String p : m.problems()) {
                if (toldOf.stream().noneMatch(e -> p.startsWith(e.name() + ": "))) {
                    Failures.say(p.lines().findFirst().orElse(p), err);
                }
            }
        }
        if (host.local != null) {
            for (String p : host.local.problems()) {
                Failures.say(p, err);
            }
        }
    }

    /** The engines whose socket this user was refused at their last try. */
    private static List<EngineBackend> deniedEngines(Host host) {
        List<EngineBackend> out = new ArrayList<>();
        for (EngineBackend e : host.engines) {
            if (e.deniedSocket() != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Says once, on stderr, what a non-root user cannot see and why: the namespaces, overlay
     * layers and privileged flag of other users' containers (the kernel shows them to root or
     * CAP_SYS_PTRACE alone), and the names, images and exited ones of the containers of jtop's
     * own store when it is root's, and of an engine whose socket this user may not open. Nothing
     * for root. Returns whether it said anything.
     */
    private static boolean hiddenNotice(PrintWriter err, Set<String> hidden, Host host) {
        boolean denied = !host.files.deniedPaths().isEmpty();
        // Whose containers lose their names, images and exited ones, and why.
        List<String> whose = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (host.local != null && host.local.storeDenied()) {
            whose.add("jtop's own");
            why.add("its store " + host.local.root() + " is readable by root alone");
        }
        for (EngineBackend e : deniedEngines(host)) {
            whose.add(e.name() + "'s");
            why.add("this user may not connect to its socket " + e.deniedSocket());
        }
        if (hidden.isEmpty() && !denied && whose.isEmpty() || isRoot()) {
            return false;
        }
        String user = System.getProperty("user.name", "?");
        StringBuilder b = new StringBuilder("jtop: running as " + user + ", not root: ");
        int first = 0;
        if (hidden.isEmpty() && !denied) {
            b.append(whose.get(0)).append(" containers are shown as the cgroup files show them, without names, "
                    + "images or exited ones (").append(why.get(0)).append(')');
            first = 1;
        } else {
            b.append("namespaces, overlay layers and the privileged flag of other users' containers are hidden "
                    + "(reading /proc/<pid>/ns and /proc/<pid>/mountinfo needs root or CAP_SYS_PTRACE)");
        }
        for (int i = first; i < whose.size(); i++) {
            b.append(", and so are the names, images and exited ones of ").append(whose.get(i))
                    .append(" containers (").append(why.get(i)).append(')');
        }
        err.println(b.append("; run as root to see them.").toString());
        return true;
    }
}
