package io.jtop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Enforces the package arrows of docs/ARCHITECTURE.md (its table between {@code <!-- arrows: begin -->}
 * and {@code <!-- arrows: end -->}, read here) by reading the main sources: every {@code io.jtop}
 * import (plain, static, wildcard) and every fully qualified {@code io.jtop.x.Type} in code must
 * point to the file's own layer or to one it may import.
 *
 * <p>A layer is a package and its subpackages ({@code ui.widget} is {@code ui}); all of
 * {@code linux.*} is one layer, and so is all of {@code engine.*}, so their subpackages may import
 * each other. The backends are separate layers. {@code text} (how untrusted text is decoded
 * and escaped for a terminal) is the bottom layer: every other may import it, it imports none.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/jtop");

    /** The design document; its table between the arrow markers is what this test enforces. */
    private static final Path DESIGN = Path.of("docs/ARCHITECTURE.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([\\w.]+)`\\s*\\|([^|]*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([\\w.]+)`");
    private static final Map<String, Set<String>> ALLOWED = arrows(read(DESIGN));

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** {@code io.jtop.a.b.Type}: the package is the lower-case run before the first capital. */
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.jtop((?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");
    private static final Pattern WILDCARD = Pattern.compile("\\bimport\\s+io\\.jtop((?:\\.[a-z_][a-z0-9_]*)*)\\.\\*");

    @Test
    void mainSourcesRespectTheLayers() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(MAIN)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".java"))::iterator) {
                sources.put(p.toString(), Files.readString(p));
            }
        }
        assertFalse(sources.isEmpty(), "found no .java file under " + MAIN.toAbsolutePath());
        List<String> violations = check(sources);
        assertTrue(violations.isEmpty(), "forbidden package edges (see " + DESIGN + "):\n  "
                + String.join("\n  ", violations));
    }

    @Test
    void checkerReportsAContainerImportingLinux() {
        List<String> v = check(Map.of("A.java", """
                package io.jtop.container;
                import io.jtop.linux.cgroup.X;
                class A {}
                """));
        assertEquals(List.of("A.java:2: container (io.jtop.container) -> linux (io.jtop.linux.cgroup)"), v);
    }

    @Test
    void checkerAllowsTheArrowsOfTheDesign() {
        assertEquals(List.of(), check(Map.of(
                "Main.java", """
                        package io.jtop.cli;
                        import io.jtop.ui.App;
                        import io.jtop.backend.local.LocalBackend;
                        import io.jtop.engine.lifecycle.Driver;
                        import static io.jtop.export.Prometheus.serve;
                        class Main {}
                        """,
                "Proc.java", """
                        package io.jtop.linux.proc;
                        import io.jtop.linux.sys.Posix;
                        import io.jtop.linux.cgroup.*;
                        class Proc {}
                        """,
                "Local.java", """
                        package io.jtop.backend.local;
                        import io.jtop.engine.image.Store;
                        import io.jtop.container.Container;
                        class Local {}
                        """,
                "Snap.java", """
                        package io.jtop.engine.snapshot;
                        import io.jtop.engine.image.Layer;
                        import io.jtop.linux.mount.Mounts;
                        class Snap {}
                        """,
                "Widget.java", """
                        package io.jtop.ui.widget;
                        import io.jtop.ui.theme.Theme;
                        import io.jtop.metrics.Snapshot;
                        class Widget {}
                        """)));
    }

    @Test
    void checkerReportsStaticWildcardAndQualifiedUses() {
        List<String> v = check(Map.of(
                "M.java", """
                        package io.jtop.metrics;
                        import static io.jtop.engine.bundle.Spec.of;
                        class M {
                            // io.jtop.ui.Ignored in a comment is no edge
                            String s = "io.jtop.ui.AlsoIgnored";
                            io.jtop.backend.docker.Client c;
                        }
                        """,
                "L.java", """
                        package io.jtop.linux.ns;
                        import io.jtop.container.*;
                        class L {}
                        """,
                "D.java", """
                        package io.jtop.backend.docker;
                        import io.jtop.engine.image.Store;
                        import io.jtop.backend.local.LocalBackend;
                        class D {}
                        """));
        assertEquals(List.of(
                "D.java:2: backend.docker (io.jtop.backend.docker) -> engine (io.jtop.engine.image)",
                "D.java:3: backend.docker (io.jtop.backend.docker) -> backend.local (io.jtop.backend.local)",
                "L.java:2: linux (io.jtop.linux.ns) -> container (io.jtop.container)",
                "M.java:2: metrics (io.jtop.metrics) -> engine (io.jtop.engine.bundle)",
                "M.java:6: metrics (io.jtop.metrics) -> backend.docker (io.jtop.backend.docker)"), v);
    }

    @Test
    void checkerReportsUnknownLayers() {
        List<String> v = check(Map.of(
                "U.java", "package io.jtop.util;\nclass U {}\n",
                "B.java", "package io.jtop.backend;\nclass B {}\n",
                "C.java", "package io.jtop.cli;\nimport io.jtop.common.Strings;\nclass C {}\n",
                "N.java", "class N {}\n"));
        assertEquals(List.of(
                "B.java: unknown layer for package io.jtop.backend",
                "C.java:2: cli (io.jtop.cli) -> unknown layer (io.jtop.common)",
                "N.java: no package declaration",
                "U.java: unknown layer for package io.jtop.util"), v);
    }

    /** Returns one line per forbidden edge or unknown layer, sorted by file name then line. */
    static List<String> check(Map<String, String> sourcesByName) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(sourcesByName).forEach((name, text) -> {
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
                out.add(name + ": no package declaration");
                return;
            }
            String pkg = pm.group(1);
            String from = layer(pkg);
            if (from == null) {
                out.add(name + ": unknown layer for package " + pkg);
                return;
            }
            String code = stripCommentsAndStrings(text);
            for (Pattern p : List.of(QUALIFIED, WILDCARD)) {
                Matcher m = p.matcher(code);
                while (m.find()) {
                    String target = "io.jtop" + m.group(1);
                    String to = layer(target);
                    if (from.equals(to) || (to != null && ALLOWED.get(from).contains(to))) {
                        continue;
                    }
                    int line = lineOf(code, m.start());
                    out.add(name + ":" + line + ": " + from + " (" + pkg + ") -> "
                            + (to == null ? "unknown layer" : to) + " (" + target + ")");
                }
            }
        });
        out.sort(ArchitectureTest::byFileThenLine);
        return out;
    }

    /** The layer of a package, or null if the design has none for it. */
    static String layer(String pkg) {
        if (!pkg.startsWith("io.jtop.")) {
            return null;
        }
        String[] parts = pkg.substring("io.jtop.".length()).split("\\.");
        return switch (parts[0]) {
            case "cli", "ui", "metrics", "export", "record", "container", "linux", "engine", "text" -> parts[0];
            case "backend" -> parts.length > 1 && Set.of("local", "docker", "discovery", "merged").contains(parts[1])
                    ? "backend." + parts[1] : null;
            default -> null;
        };
    }

    /** Each layer of the arrow table in {@code markdown} and the layers it may import. */
    static Map<String, Set<String>> arrows(String markdown) {
        int begin = markdown.indexOf("<!-- arrows: begin -->");
        int end = markdown.indexOf("<!-- arrows: end -->");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(DESIGN + " has no arrow table between its markers");
        }
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (String line : markdown.substring(begin, end).split("\n")) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                Set<String> to = new TreeSet<>();
                Matcher name = NAME.matcher(row.group(2));
                while (name.find()) {
                    to.add(name.group(1));
                }
                arrows.put(row.group(1), to);
            }
        }
        return arrows;
    }

    @Test
    void theArrowTableNamesEveryLayerOnceAndOnlyLayers() {
        Set<String> layers = ALLOWED.keySet();
        assertEquals(Set.of("cli", "ui", "metrics", "export", "record", "backend.discovery", "backend.docker",
                "backend.local", "backend.merged", "engine", "container", "linux", "text"), layers);
        ALLOWED.forEach((from, to) -> assertTrue(layers.containsAll(to), from + " may import an unknown layer: " + to));
        ALLOWED.keySet().forEach(l -> assertEquals(l, layer("io.jtop." + l)));
    }

    @Test
    void arrowsAreReadFromTheTableBetweenTheMarkers() {
        String doc = """
                | `ui` | not this one |
                <!-- arrows: begin -->
                | layer | may import |
                |---|---|
                | `ui` | `metrics`, `text` |
                | `text` | |
                <!-- arrows: end -->
                """;
        assertEquals(Map.of("ui", Set.of("metrics", "text"), "text", Set.of()), arrows(doc));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the design document " + p.toAbsolutePath(), e);
        }
    }

    /**
     * Blanks comments, string/char literals and text blocks, keeping every newline so that
     * offsets still give the right line numbers.
     */
    static String stripCommentsAndStrings(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            String end;
            if (src.startsWith("//", i)) {
                end = "\n";
            } else if (src.startsWith("/*", i)) {
                end = "*/";
            } else if (src.startsWith("\"\"\"", i)) {
                end = "\"\"\"";
            } else if (c == '"' || c == '\'') {
                end = String.valueOf(c);
            } else {
                b.append(c);
                i++;
                continue;
            }
            int j = i + (end.equals("\"\"\"") ? 3 : end.equals("*/") ? 2 : 1);
            while (j < n && !src.startsWith(end, j)) {
                j += src.charAt(j) == '\\' && !end.equals("\n") && !end.equals("*/") ? 2 : 1;
            }
            int stop = Math.min(n, end.equals("\n") ? j : j + end.length());
            for (int k = i; k < stop; k++) {
                b.append(src.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = stop;
        }
        return b.toString();
    }

    @Test
    void stripperKeepsLinesAndCode() {
        String s = stripCommentsAndStrings("a /* x\ny */ b // c\n\"d\\\"e\" 'f' \"\"\"\ng\"\"\" h");
        assertEquals(4, s.split("\n", -1).length);
        assertEquals("abh", s.replaceAll("\\s", ""));
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int byFileThenLine(String a, String b) {
        String[] x = a.split(":", 3);
        String[] y = b.split(":", 3);
        int c = x[0].compareTo(y[0]);
        if (c != 0) {
            return c;
        }
        return Integer.compare(lineNumber(x), lineNumber(y));
    }

    private static int lineNumber(String[] parts) {
        return parts.length > 2 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : 0;
    }
}
