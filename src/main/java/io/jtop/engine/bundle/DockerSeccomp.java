package io.jtop.engine.bundle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a seccomp profile in Docker's JSON format ({@code docker run --security-opt seccomp=FILE}
 * takes the same file, moby's {@code default.json} among them): {@code defaultAction},
 * {@code defaultErrnoRet}, {@code archMap} or {@code architectures}, {@code syscalls} with
 * {@code names} (or the older {@code name}), {@code action}, {@code errnoRet}, {@code args},
 * {@code includes} and {@code excludes}; {@code flags} and the listener fields are passed on.
 * Fields it does not know (such as {@code comment}) are ignored, as Docker does.
 *
 * <p>Pure: text in, profile out. Every problem is one line naming the source and the place in it;
 * no parser's own message is passed on.
 */
public final class DockerSeccomp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Docker's architecture names in conditions (Go's and libseccomp's) that differ from OCI's. */
    private static final Map<String, String> ARCH_ALIASES = Map.of("amd64", "x86_64", "arm64", "aarch64",
            "386", "x86");

    private final String source;

    private DockerSeccomp(String source) {
        this.source = source;
    }

    /**
     * Parses a profile.
     *
     * @param source names the text in messages, e.g. its file name
     * @throws IllegalArgumentException {@code seccomp profile SOURCE: what is wrong}
     */
    public static SeccompProfile parse(String json, String source) {
        return new DockerSeccomp(source).profile(json);
    }

    private SeccompProfile profile(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw fail(at == null ? "not valid JSON"
                    : "not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw fail("empty, not a JSON object");
        }
        check(root.isObject(), "", "must be a JSON object");
        SeccompProfile.Action defaultAction = null;
        if (present(root, "defaultAction")) {
            defaultAction = action(root.get("defaultAction"), "defaultAction", root.get("defaultErrnoRet"),
                    "defaultErrnoRet");
        }
        check(!(present(root, "architectures") && present(root, "archMap")), "",
                "has both 'architectures' and 'archMap'; use one of them");
        List<String> architectures = list(root, "architectures", "", this::ociArch);
        Map<String, List<String>> archMap = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode a : elements(root, "archMap", "")) {
            String where = "archMap[" + i++ + "]";
            String arch = ociArch(a.get("architecture"), where + ".architecture");
            List<String> arches = new ArrayList<>(List.of(arch));
            arches.addAll(list(a, "subArchitectures", where, this::ociArch));
            archMap.put(arch.substring("SCMP_ARCH_".length()).toLowerCase(Locale.ROOT), arches);
        }
        List<SeccompProfile.Rule> rules = new ArrayList<>();
        i = 0;
        for (JsonNode s : elements(root, "syscalls", "")) {
            rules.add(rule(s, "syscalls[" + i++ + "]"));
        }
        check(defaultAction != null || rules.isEmpty(), "", "has syscalls but no defaultAction");
        return new SeccompProfile(defaultAction, archMap, architectures, list(root, "flags", "", this::text),
                optionalText(root, "listenerPath"), optionalText(root, "listenerMetadata"), rules);
    }

    private SeccompProfile.Rule rule(JsonNode s, String where) {
        check(s.isObject(), where, "must be an object");
        check(!(present(s, "name") && present(s, "names")), where, "has both 'name' and 'names'; use one of them");
        List<String> names = present(s, "name") ? List.of(text(s.get("name"), where + ".name"))
                : list(s, "names", where, this::text);
        check(!names.isEmpty(), where, "names no system call");
        for (String n : names) {
            check(!n.isEmpty(), where, "has an empty system call name");
        }
        SeccompProfile.Action action = action(s.get("action"), where + ".action", s.get("errnoRet"),
                where + ".errnoRet");
        List<Spec.SeccompArg> args = new ArrayList<>();
        int i = 0;
        for (JsonNode a : elements(s, "args", where)) {
            args.add(arg(a, where + ".args[" + i++ + "]"));
        }
        return new SeccompProfile.Rule(names, action, args, filter(s.get("includes"), where + ".includes"),
                filter(s.get("excludes"), where + ".excludes"));
    }

    private SeccompProfile.Action action(JsonNode name, String where, JsonNode errno, String errnoWhere) {
        String action = text(name, where);
        check(SeccompProfile.ACTIONS.contains(action), where, "unknown action " + quote(name)
                + " (one of SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL_PROCESS …)");
        Long errnoRet = null;
        if (errno != null && !errno.isNull()) {
            BigInteger e = unsigned(errno, errnoWhere);
            check(e.bitLength() < 32, errnoWhere, e + " is too large for an errno");
            errnoRet = e.longValue();
        }
        return new SeccompProfile.Action(action, errnoRet);
    }

    private Spec.SeccompArg arg(JsonNode a, String where) {
        check(a.isObject(), where, "must be an object");
        BigInteger index = unsigned(a.get("index"), where + ".index");
        check(index.compareTo(BigInteger.valueOf(5)) <= 0, where, "index must be 0 to 5, not " + index);
        String op = text(a.get("op"), where + ".op");
        check(SeccompProfile.OPERATORS.contains(op), where, "unknown op " + quote(a.get("op"))
                + " (one of SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, SCMP_CMP_GE, SCMP_CMP_MASKED_EQ)");
        BigInteger valueTwo = present(a, "valueTwo") ? unsigned(a.get("valueTwo"), where + ".valueTwo") : BigInteger.ZERO;
        return new Spec.SeccompArg(index.intValue(), unsigned(a.get("value"), where + ".value"), valueTwo, op);
    }

    private SeccompProfile.Filter filter(JsonNode f, String where) {
        if (f == null || f.isNull()) {
            return SeccompProfile.Filter.NONE;
        }
        check(f.isObject(), where, "must be an object");
        List<String> caps = list(f, "caps", where, this::text);
        List<String> arches = list(f, "arches", where, (n, w) -> {
            String a = text(n, w).toLowerCase(Locale.ROOT);
            return ARCH_ALIASES.getOrDefault(a, a);
        });
        SeccompProfile.Kernel kernel = null;
        if (present(f, "minKernel")) {
            String k = text(f.get("minKernel"), where + ".minKernel");
            if (!k.isEmpty()) {
                try {
                    kernel = SeccompProfile.Kernel.parse(k);
                } catch (IllegalArgumentException e) {
                    throw fail(where + ".minKernel: " + e.getMessage());
                }
            }
        }
        return new SeccompProfile.Filter(caps, arches, kernel);
    }

    private String ociArch(JsonNode n, String where) {
        String arch = text(n, where);
        check(arch.startsWith("SCMP_ARCH_") && arch.length() > "SCMP_ARCH_".length(), where,
                quote(n) + " is not an architecture (SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64 …)");
        return arch;
    }

    private String text(JsonNode n, String where) {
        check(n != null, where, "is missing");
        check(n.isTextual(), where, "must be a string");
        return n.textValue();
    }

    private String optionalText(JsonNode parent, String field) {
        return present(parent, field) ? text(parent.get(field), field) : null;
    }

    private BigInteger unsigned(JsonNode n, String where) {
        check(n != null, where, "is missing");
        check(n.isIntegralNumber() && n.bigIntegerValue().signum() >= 0
                && n.bigIntegerValue().bitLength() <= 64, where, "must be an unsigned 64-bit integer");
        return n.bigIntegerValue();
    }

    /** The elements of an optional list field; none when it is absent or null. */
    private Iterable<JsonNode> elements(JsonNode parent, String field, String where) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        check(n.isArray(), join(where, field), "must be a list");
        return n;
    }

    private <T> List<T> list(JsonNode parent, String field, String where, Reader<T> element) {
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : elements(parent, field, where)) {
            out.add(element.read(n, join(where, field) + "[" + i++ + "]"));
        }
        return out;
    }

    /** Reads one element; {@code where} names it in a message. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(JsonNode n, String where);
    }

    private static boolean present(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n != null && !n.isNull();
    }

    private static String join(String where, String field) {
        return where.isEmpty() ? field : where + "." + field;
    }

    /** A value as JSON writes it: quoted, control characters escaped, cut short when long. */
    private static String quote(JsonNode n) {
        String s = n == null ? "null" : n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }

    private void check(boolean ok, String where, String message) {
        if (!ok) {
            throw fail(where.isEmpty() ? message : where + ": " + message);
        }
    }

    private IllegalArgumentException fail(String message) {
        return new IllegalArgumentException("seccomp profile " + source + ": " + message);
    }
}
