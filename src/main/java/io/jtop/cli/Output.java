package io.jtop.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.security.auth.module.UnixSystem;

import java.io.PrintWriter;
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

    /** Says on stderr, once each, what a backend could not do; the listing went on without it. */
    static void backendProblems(PrintWriter err, Host host) {
        if (host.backend instanceof MergedBackend m) {
            for (String p : m.problems()) {
                Failures.say(p.lines().findFirst().orElse(p), err);
            }
        }
        if (host.local != null) {
            for (String p : host.local.problems()) {
                Failures.say(p, err);
            }
        }
    }

    /**
     * Says once, on stderr, what a non-root user cannot see and why: the namespaces, overlay
     * layers and privileged flag of other users' containers (the kernel shows them to root or
     * CAP_SYS_PTRACE alone), and the names, images and exited ones of jtop's own containers when
     * their store is root's. Nothing for root.
     */
    static void hiddenNotice(PrintWriter err, Set<String> hidden, Host host) {
        boolean denied = !host.files.deniedPaths().isEmpty();
        boolean store = host.local != null && host.local.storeDenied();
        if (hidden.isEmpty() && !denied && !store || isRoot()) {
            return;
        }
        String user = System.getProperty("user.name", "?");
        StringBuilder b = new StringBuilder("jtop: running as " + user + ", not root: ");
        if (hidden.isEmpty() && !denied) {
            b.append("jtop's own containers are shown as the cgroup files show them, without names, images or "
                    + "exited ones (its store " + host.local.root() + " is readable by root alone)");
        } else {
            b.append("namespaces, overlay layers and the privileged flag of other users' containers are hidden "
                    + "(reading /proc/<pid>/ns and /proc/<pid>/mountinfo needs root or CAP_SYS_PTRACE)");
            if (store) {
                b.append(", and so are the names, images and exited ones of jtop's own containers (its store "
                        + host.local.root() + " is readable by root alone)");
            }
        }
        err.println(b.append("; run as root to see them.").toString());
    }
}
