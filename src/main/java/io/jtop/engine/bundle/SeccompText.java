package io.jtop.engine.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads jtop's own seccomp format, the one its default profile ({@code default.seccomp} beside
 * this class) is written in; that file describes the grammar. Pure: text in, profile out.
 */
public final class SeccompText {
    static final String DEFAULT_RESOURCE = "default.seccomp";
    private static final String JAR_ENTRY = "io/jtop/engine/bundle/" + DEFAULT_RESOURCE;

    /** The errno names a profile may use; their numbers are the same on x86 and ARM. */
    private static final Map<String, Long> ERRNO = Map.of("EPERM", 1L, "ENOENT", 2L, "EACCES", 13L,
            "EINVAL", 22L, "ENOSYS", 38L, "EOPNOTSUPP", 95L, "EAFNOSUPPORT", 97L);

    private static final Map<String, String> ACTIONS = Map.of("allow", "SCMP_ACT_ALLOW",
            "kill-thread", "SCMP_ACT_KILL_THREAD", "kill-process", "SCMP_ACT_KILL_PROCESS",
            "trap", "SCMP_ACT_TRAP", "log", "SCMP_ACT_LOG");

    private static final Map<String, String> OPERATORS = Map.of("==", "SCMP_CMP_EQ", "!=", "SCMP_CMP_NE",
            "<", "SCMP_CMP_LT", "<=", "SCMP_CMP_LE", ">", "SCMP_CMP_GT", ">=", "SCMP_CMP_GE");

    /** Parsed on first use, once per JVM: the resource never changes under a running jtop. */
    private static final class Default {
        static final SeccompProfile PROFILE = parse(new String(read(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);

        /**
         * The resource's bytes. From a jar they are read through a {@link ZipFile} of it, which
         * shares the index the class loader already holds, rather than through the class loader's
         * URL, whose handler and connection classes nothing else on {@code jtop run}'s path loads.
         */
        private static byte[] read() {
            try {
                Path source = Path.of(SeccompText.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isDirectory(source)) {
                    return Files.readAllBytes(source.resolve(JAR_ENTRY));
                }
                try (ZipFile jar = new ZipFile(source.toFile())) {
                    ZipEntry e = jar.getEntry(JAR_ENTRY);
                    if (e != null) {
                        try (InputStream in = jar.getInputStream(e)) {
                            return in.readAllBytes();
                        }
                    }
                }
            } catch (IOException | URISyntaxException | RuntimeException e) {
                // an unusual class path: the class loader finds it
            }
            try (InputStream in = SeccompText.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("jtop's seccomp profile " + DEFAULT_RESOURCE + " is missing");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("unable to read jtop's seccomp profile " + DEFAULT_RESOURCE, e);
            }
        }
    }

    private SeccompText() {}

    /** jtop's default profile. */
    public static SeccompProfile defaultProfile() {
        return Default.PROFILE;
    }

    /**
     * Parses a profile.
     *
     * @param source names the text in messages, e.g. its file name
     * @throws IllegalArgumentException {@code SOURCE line N: what is wrong}
     */
    public static SeccompProfile parse(String text, String source) {
        SeccompProfile.Action defaultAction = null;
        Map<String, List<String>> archMap = new LinkedHashMap<>();
        List<SeccompProfile.Rule> rules = new ArrayList<>();
        RuleBuilder open = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            boolean indented = isSpace(line.charAt(0));
            if (!indented && open != null) {
                rules.add(open.build(source));
                open = null;
            }
            try {
                if (indented) {
                    if (open == null) {
                        throw new IllegalArgumentException("indented names belong to the rule above them, and there is none");
                    }
                    open.names(line);
                } else if (line.startsWith("default ")) {
                    if (defaultAction != null) {
                        throw new IllegalArgumentException("a second default");
                    }
                    defaultAction = action(words(line.substring("default ".length())));
                } else if (line.startsWith("arch ")) {
                    arch(line.substring("arch ".length()), archMap);
                } else {
                    open = rule(line, n + 1);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        if (open != null) {
            rules.add(open.build(source));
        }
        if (defaultAction == null) {
            throw new IllegalArgumentException(source + ": no 'default' action");
        }
        return new SeccompProfile(defaultAction, archMap, List.of(), List.of(), null, null, rules);
    }

    /** {@code NATIVE: COMPAT…}: the filter covers native then the compat architectures. */
    private static void arch(String rest, Map<String, List<String>> archMap) {
        int colon = rest.indexOf(':');
        String nativeArch = colon < 0 ? "" : rest.substring(0, colon).strip();
        if (!isName(nativeArch, true)) {
            throw fail("arch takes 'NATIVE: COMPAT…', not '" + rest.strip() + "'");
        }
        List<String> arches = new ArrayList<>();
        arches.add(ociArch(nativeArch));
        for (String compat : words(rest.substring(colon + 1))) {
            arches.add(ociArch(compat));
        }
        if (archMap.put(nativeArch, arches) != null) {
            throw fail("architecture " + nativeArch + " twice");
        }
    }

    private static String ociArch(String name) {
        if (!isName(name, true)) {
            throw fail("'" + name + "' is not an architecture name");
        }
        return "SCMP_ARCH_".concat(name.toUpperCase(Locale.ROOT));
    }

    /** A rule's header {@code ACTION [if COND, …]: [NAME…]}. */
    private static RuleBuilder rule(String header, int line) {
        int colon = header.indexOf(':');
        if (colon < 0) {
            throw fail("a rule is 'ACTION [if CONDITIONS]: NAMES', not '" + header.strip() + "'");
        }
        String head = header.substring(0, colon);
        int at = head.indexOf(" if ");
        RuleBuilder r = new RuleBuilder(action(words(at < 0 ? head : head.substring(0, at))), line);
        if (at >= 0) {
            for (String cond : head.substring(at + " if ".length()).split(",", -1)) {
                r.condition(cond);
            }
        }
        r.names(header.substring(colon + 1));
        return r;
    }

    private static SeccompProfile.Action action(String[] words) {
        if (words.length == 0) {
            throw fail("an action is missing");
        }
        if (words[0].equals("errno")) {
            if (words.length != 2) {
                throw fail("errno takes one errno name or number");
            }
            return new SeccompProfile.Action("SCMP_ACT_ERRNO", errno(words[1]));
        }
        String name = ACTIONS.get(words[0]);
        if (name == null || words.length != 1) {
            throw fail("unknown action '" + String.join(" ", words)
                    + "' (allow, errno ERRNO, kill-thread, kill-process, trap, log)");
        }
        return new SeccompProfile.Action(name, null);
    }

    private static long errno(String text) {
        Long known = ERRNO.get(text);
        if (known != null) {
            return known;
        }
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw fail("unknown errno '" + text + "' (a number, or one of " + new TreeSet<>(ERRNO.keySet()) + ")");
        }
        return Long.parseLong(text);
    }

    /** An unsigned 64-bit number, decimal or 0x hexadecimal. */
    static BigInteger number(String text) {
        boolean hex = text.startsWith("0x");
        String digits = hex ? text.substring(2) : text;
        boolean ok = !digits.isEmpty() && digits.length() <= (hex ? 16 : 20);
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = Character.digit(digits.charAt(i), hex ? 16 : 10) >= 0;
        }
        BigInteger v = ok ? new BigInteger(digits, hex ? 16 : 10) : null;
        if (v == null || v.bitLength() > 64) {
            throw fail("'" + text + "' is not an unsigned 64-bit number");
        }
        return v;
    }

    /** Lower-case letters, digits and '_'; a digit first only when {@code digitFirst}. */
    private static boolean isName(String s, boolean digitFirst) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9' && (digitFirst || i > 0);
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** The words of {@code text}, split at spaces and tabs. */
    private static String[] words(String text) {
        List<String> words = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words.toArray(new String[0]);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(message);
    }

    /** A rule while its header and names are read. */
    private static final class RuleBuilder {
        final SeccompProfile.Action action;
        final int line;
        final List<String> names = new ArrayList<>();
        final List<Spec.SeccompArg> args = new ArrayList<>();
        final List<String> caps = new ArrayList<>();
        final List<String> notCaps = new ArrayList<>();
        List<String> arches = List.of();
        List<String> notArches = List.of();
        SeccompProfile.Kernel minKernel;
        SeccompProfile.Kernel belowKernel;

        RuleBuilder(SeccompProfile.Action action, int line) {
            this.action = action;
            this.line = line;
        }

        void names(String text) {
            for (String name : words(text)) {
                if (!isName(name, false)) {
                    throw fail("'" + name + "' is not a system call name");
                }
                names.add(name);
            }
        }

        void condition(String cond) {
            String[] w = words(cond);
            if (w.length == 0) {
                throw fail("an empty condition");
            }
            boolean not = w[0].equals("not");
            String kind = not && w.length > 1 ? w[1] : w[0];
            int from = not ? 2 : 1;
            switch (kind) {
                case "cap" -> {
                    if (w.length != from + 1) {
                        throw fail("'cap' takes one capability name");
                    }
                    String cap = w[from].toUpperCase(Locale.ROOT);
                    (not ? notCaps : caps).add(cap.startsWith("CAP_") ? cap : "CAP_".concat(cap));
                }
                case "arch" -> {
                    if (w.length == from || !(not ? notArches : arches).isEmpty()) {
                        throw fail("one 'arch' and one 'not arch' per rule, each with one or more architecture names");
                    }
                    List<String> list = List.of(w).subList(from, w.length);
                    if (not) {
                        notArches = list;
                    } else {
                        arches = list;
                    }
                }
                case "kernel" -> {
                    boolean atLeast = w.length == 3 && w[1].equals(">=");
                    if (not || w.length != 3 || !atLeast && !w[1].equals("<")
                            || (atLeast ? minKernel : belowKernel) != null) {
                        throw fail("one 'kernel >= X.Y' and one 'kernel < X.Y' per rule");
                    }
                    SeccompProfile.Kernel k = SeccompProfile.Kernel.parse(w[2]);
                    if (atLeast) {
                        minKernel = k;
                    } else {
                        belowKernel = k;
                    }
                }
                case "arg" -> {
                    if (not) {
                        throw fail("'not arg' is written with the opposite comparison");
                    }
                    args.add(arg(w));
                }
                default -> throw fail("unknown condition '" + cond.strip()
                        + "' (cap, not cap, arch, not arch, kernel, arg)");
            }
        }

        /** {@code arg N OP VALUE} or {@code arg N & MASK == VALUE}. */
        private static Spec.SeccompArg arg(String[] w) {
            if (w.length < 2 || w[1].length() != 1 || w[1].charAt(0) < '0' || w[1].charAt(0) > '5') {
                throw fail("'arg' takes an index from 0 to 5");
            }
            int index = w[1].charAt(0) - '0';
            if (w.length == 6 && w[2].equals("&") && w[4].equals("==")) {
                return new Spec.SeccompArg(index, number(w[3]), number(w[5]), "SCMP_CMP_MASKED_EQ");
            }
            String op = w.length == 4 ? OPERATORS.get(w[2]) : null;
            if (op == null) {
                throw fail("'arg' takes 'N OP VALUE' (OP one of == != < <= > >=) or 'N & MASK == VALUE'");
            }
            return new Spec.SeccompArg(index, number(w[3]), BigInteger.ZERO, op);
        }

        /** The rule; one that names no call is an error at its own line, whatever line ends it. */
        SeccompProfile.Rule build(String source) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException(source + " line " + line + ": a rule names no system call");
            }
            return new SeccompProfile.Rule(names, action, args,
                    new SeccompProfile.Filter(caps, arches, minKernel),
                    new SeccompProfile.Filter(notCaps, notArches, belowKernel));
        }
    }
}
