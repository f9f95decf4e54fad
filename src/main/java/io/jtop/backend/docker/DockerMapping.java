package io.jtop.backend.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Runtime;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine API answers (JSON, as Docker and Podman's compatible API send them) to jtop's
 * {@link Container}. Pure: no I/O. Read with Jackson's streaming parser, field by field, as
 * {@code RecordJson} reads jtop's records: in a new JVM its object mapper's set-up and first
 * introspection cost more than the listing itself. Tolerant: unknown fields are skipped, a missing one
 * is null, and a field of an unexpected type counts as missing. The cgroup path is left null; the
 * kernel's view of the same container (discovery) supplies it when the lists are merged.
 *
 * <p>Its length (over 500 lines) is every answer jtop reads from an engine — the list, an
 * inspection, events, exit times and Podman's pods — kept in one class, so that the engines' field
 * names and their quirks are found in one place.
 */
final class DockerMapping {

    private static final Pattern EXIT = Pattern.compile("^Exited \\((-?\\d+)\\)");
    /** How long ago, in a list status such as {@code Exited (137) 5 minutes ago}. */
    private static final Pattern AGO = Pattern.compile("^Exited \\(-?\\d+\\) (.+) ago$");
    /** A whole number of a unit, in Docker's words for a duration ({@code 5 minutes}, {@code 1 second}). */
    private static final Pattern COUNT = Pattern.compile("^(\\d{1,6}) (second|minute|hour|day|week|month|year)s?$");
    private static final Pattern HEALTH = Pattern.compile("\\((?:health: )?(healthy|unhealthy|starting)\\)");
    static final JsonFactory JSON = new JsonFactory();

    private DockerMapping() {
    }

    /**
     * The containers of {@code GET /containers/json}: what the list tells (no process, no start
     * time; exit code and health only as its status text shows them).
     *
     * @throws IOException when the answer is not a JSON array of objects
     */
    static List<Container> listed(byte[] json, Runtime runtime) throws IOException {
        return listed(json, runtime, null);
    }

    /**
     * {@link #listed(byte[], Runtime)}, listed at {@code now}: an exited container's exit time is
     * then read back from its status' words ({@link #exitedAgo}), to the precision they have.
     */
    static List<Container> listed(byte[] json, Runtime runtime, Instant now) throws IOException {
        List<Container> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(p, "a container list is a JSON array");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken()) {
                Container c = listed(p, runtime, now);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** One object of the list, the parser on its start; null without an id. */
    private static Container listed(JsonParser p, Runtime runtime, Instant now) throws IOException {
        var r = new Object() {
            String id, name, image, state, status;
            long created;
            Map<String, String> labels;
        };
        object(p, JsonToken.START_OBJECT, (field, t) -> {
            switch (field) {
                case "Id" -> r.id = text(p, t);
                case "Names" -> r.name = firstName(p, t);
                case "Image" -> r.image = text(p, t);
                case "State" -> r.state = text(p, t);
                case "Status" -> r.status = text(p, t);
                case "Created" -> r.created = whole(p, t, 0);
                case "Labels" -> r.labels = labels(p, t);
                default -> p.skipChildren();
            }
        });
        if (r.id == null) {
            return null;
        }
        ContainerState s = state(r.state, false);
        Instant createdAt = r.created <= 0 ? null : Instant.ofEpochSecond(r.created);
        Details details = new Details(r.labels, health(r.status), null, createdAt);
        Container c = new Container(r.id, r.name, runtime, r.image, 0, s, null, createdAt,
                s == ContainerState.EXITED ? exitCode(r.status) : null, false, details);
        Duration ago = s == ContainerState.EXITED && now != null ? exitedAgo(r.status) : null;
        return ago == null ? c : c.withFinishedAt(now.minus(ago));
    }

    /**
     * A container from {@code GET /containers/{id}/json}: everything, its init's pid included.
     *
     * @throws IOException when the answer is not a JSON object with an id
     */
    static Container inspected(byte[] json, Runtime runtime) throws IOException {
        var r = new Object() {
            String id, name, image, created, status, started, finished, health;
            long pid;
            Long exit, memoryLimit;
            Integer restarts;
            boolean oom;
            Map<String, String> labels;
        };
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a container's inspection is a JSON object");
            }
            object(p, JsonToken.START_OBJECT, (field, t) -> {
                switch (field) {
                    case "Id" -> r.id = text(p, t);
                    case "Name" -> r.name = name(text(p, t));
                    case "Created" -> r.created = text(p, t);
                    case "RestartCount" -> {
                        Long n = whole(p, t);
                        r.restarts = n == null ? null : n.intValue();
                    }
                    case "State" -> object(p, t, (f, v) -> {
                        switch (f) {
                            case "Status" -> r.status = text(p, v);
                            case "Pid" -> r.pid = whole(p, v, 0);
                            case "ExitCode" -> r.exit = whole(p, v);
                            case "OOMKilled" -> r.oom = v == JsonToken.VALUE_TRUE;
                            case "StartedAt" -> r.started = text(p, v);
                            case "FinishedAt" -> r.finished = text(p, v);
                            case "Health" -> object(p, v, (h, w) -> {
                                if (h.equals("Status")) {
                                    r.health = blankToNull(text(p, w));
                                } else {
                                    p.skipChildren();
                                }
                            });
                            default -> p.skipChildren();
                        }
                    });
                    case "Config" -> object(p, t, (f, v) -> {
                        switch (f) {
                            case "Image" -> r.image = text(p, v);
                            case "Labels" -> r.labels = labels(p, v);
                            default -> p.skipChildren();
                        }
                    });
                    case "HostConfig" -> object(p, t, (f, v) -> {
                        if (f.equals("Memory")) {
                            r.memoryLimit = whole(p, v);
                        } else {
                            p.skipChildren();
                        }
                    });
                    default -> p.skipChildren();
                }
            });
        }
        if (r.id == null) {
            throw new IOException("a container's inspection without an Id");
        }
        ContainerState state = state(r.status, r.pid > 0);
        boolean live = state == ContainerState.RUNNING || state == ContainerState.PAUSED;
        Instant createdAt = instant(r.created);
        Instant startedAt = instant(r.started);
        return new Container(r.id, r.name, runtime, r.image, live ? (int) r.pid : 0, state, null,
                live && startedAt != null ? startedAt : createdAt,
                state == ContainerState.EXITED && r.exit != null ? (int) (long) r.exit : null, r.oom,
                new Details(r.labels, r.health, r.restarts, createdAt).withMemoryLimit(limit(r.memoryLimit)), null,
                state == ContainerState.EXITED ? instant(r.finished) : null);
    }

    /** The engine's memory limit in bytes, as it keeps it past the container's cgroup; null for 0 (none). */
    private static Long limit(Long hostConfigMemory) {
        return hostConfigMemory == null || hostConfigMemory <= 0 ? null : hostConfigMemory;
    }

    /**
     * One object of {@code GET /events}, the parser on its start: which container, what happened,
     * when (ns), and what its attributes add ({@code exitCode} of a {@code die}, {@code signal}
     * of a {@code kill}; the others are left); null for an event that names no container. Docker before API 1.22 and podman
     * put the id in {@code id} and the action in {@code status}; both still send them.
     */
    static Engine.Event event(JsonParser p) throws IOException {
        var r = new Object() {
            String id, actorId, action, status, exitCode, signal;
            long time, timeNano;
        };
        object(p, p.currentToken(), (field, t) -> {
            switch (field) {
                case "id" -> r.id = text(p, t);
                case "Action" -> r.action = text(p, t);
                case "status" -> r.status = text(p, t);
                case "time" -> r.time = whole(p, t, 0);
                case "timeNano" -> r.timeNano = whole(p, t, 0);
                case "Actor" -> object(p, t, (f, v) -> {
                    if (f.equals("ID")) {
                        r.actorId = text(p, v);
                    } else if (f.equals("Attributes")) {
                        object(p, v, (a, av) -> {
                            switch (a) {
                                case "exitCode" -> r.exitCode = text(p, av);
                                case "signal" -> r.signal = text(p, av);
                                default -> p.skipChildren();
                            }
                        });
                    } else {
                        p.skipChildren();
                    }
                });
                default -> p.skipChildren();
            }
        });
        String which = r.actorId != null ? r.actorId : r.id;
        if (which == null) {
            return null;
        }
        String detail = r.exitCode != null ? "exit code " + r.exitCode : r.signal != null ? "signal " + r.signal : "";
        return new Engine.Event(which, r.action != null ? r.action : r.status,
                r.timeNano > 0 ? r.timeNano : r.time * 1_000_000_000L, detail);
    }

    /**
     * Podman's own container list ({@code GET /libpod/containers/json}): each container's pod, if
     * any ({@code Pod}, {@code PodName}) and whether it is the pod's infra container ({@code IsInfra}).
     *
     * @throws IOException when the answer is not a JSON array of objects
     */
    static List<Engine.PodMember> podMembers(byte[] json) throws IOException {
        List<Engine.PodMember> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(p, "a container list is a JSON array");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.START_OBJECT; t = p.nextToken()) {
                var r = new Object() {
                    String id, pod, podName;
                    boolean infra;
                };
                object(p, t, (field, v) -> {
                    switch (field) {
                        case "Id" -> r.id = text(p, v);
                        case "Pod" -> r.pod = blankToNull(text(p, v));
                        case "PodName" -> r.podName = blankToNull(text(p, v));
                        case "IsInfra" -> r.infra = v == JsonToken.VALUE_TRUE;
                        default -> p.skipChildren();
                    }
                });
                if (r.id != null) {
                    out.add(new Engine.PodMember(r.id, r.pod, r.pod == null ? null : r.podName, r.pod != null && r.infra));
                }
            }
        }
        return out;
    }

    /**
     * A pod's own cgroup from podman's {@code GET /libpod/pods/{id}/json} ({@code CgroupPath}), as
     * the kernel shows it (from the root, a leading slash); null when the pod has none (a pod made
     * without an infra container gets none: its members sit under the cgroup parent).
     *
     * @throws IOException when the answer is not a JSON object
     */
    static String podCgroup(byte[] json) throws IOException {
        String[] path = new String[1];
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a pod's inspection is a JSON object");
            }
            object(p, t, (field, v) -> {
                if (field.equals("CgroupPath")) {
                    path[0] = blankToNull(text(p, v));
                } else {
                    p.skipChildren();
                }
            });
        }
        String cg = path[0];
        return cg == null || cg.startsWith("/") ? cg : "/" + cg;
    }

    /** Reads one field's value; must consume it (skip what it does not want). */
    private interface Field {
        void read(String name, JsonToken value) throws IOException;
    }

    /** An object's fields, one by one, the parser on the object's start {@code t}; anything but an object is skipped. */
    private static void object(JsonParser p, JsonToken t, Field field) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            field.read(name, p.nextToken());
        }
    }

    /**
     * A whole number, or null for anything else (skipped). Parsed from its text: Jackson's own
     * number parsing initialises a class that compiles two regular expressions, which a new JVM
     * would do on the path of the engine's first answer.
     */
    private static Long whole(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                return null; // beyond a long: as missing
            }
        }
        p.skipChildren();
        return null;
    }

    private static long whole(JsonParser p, JsonToken t, long otherwise) throws IOException {
        Long n = whole(p, t);
        return n == null ? otherwise : n;
    }

    /** A string value, or null for anything else (skipped). */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** The first of a list of names, without Docker's leading slash. */
    private static String firstName(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        String first = null;
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY && v != null; v = p.nextToken()) {
            String n = text(p, v);
            if (first == null) {
                first = name(n);
            }
        }
        return first;
    }

    /** An object of string values (labels); other values are skipped. */
    private static Map<String, String> labels(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        object(p, t, (key, v) -> {
            String value = text(p, v);
            if (value != null) {
                out.put(key, value);
            }
        });
        return out;
    }

    /**
     * An engine's state word as jtop's. {@code restarting} is running while a process is there
     * (between two runs it has none: exited); {@code removing} and {@code dead} are exited.
     */
    static ContainerState state(String engineState, boolean hasProcess) {
        if (engineState == null) {
            return ContainerState.EXITED;
        }
        return switch (engineState.toLowerCase(Locale.ROOT)) {
            case "created", "configured", "initialized" -> ContainerState.CREATED;
            case "running" -> ContainerState.RUNNING;
            case "paused" -> ContainerState.PAUSED;
            case "restarting" -> hasProcess ? ContainerState.RUNNING : ContainerState.EXITED;
            default -> ContainerState.EXITED;
        };
    }

    /** The exit code in a list status such as {@code Exited (137) 2 minutes ago}, or null. */
    static Integer exitCode(String status) {
        if (status == null) {
            return null;
        }
        Matcher m = EXIT.matcher(status);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /**
     * How long ago a container exited, from a list status such as {@code Exited (137) 5 minutes ago}
     * in Docker's words for a duration (go-units' HumanDuration, which Podman's API speaks too):
     * the least the words mean ({@code About an hour} is an hour, a month 30 days, a year 365), so
     * the same words come back when it is told again. Null for any other status or words.
     */
    static Duration exitedAgo(String status) {
        Matcher m = status == null ? null : AGO.matcher(status);
        if (m == null || !m.matches()) {
            return null;
        }
        String words = m.group(1);
        switch (words) {
            case "Less than a second":
                return Duration.ZERO;
            case "About a minute":
                return Duration.ofMinutes(1);
            case "About an hour":
                return Duration.ofHours(1);
            default:
                break;
        }
        Matcher n = COUNT.matcher(words);
        if (!n.matches()) {
            return null;
        }
        long count = Long.parseLong(n.group(1));
        return switch (n.group(2)) {
            case "second" -> Duration.ofSeconds(count);
            case "minute" -> Duration.ofMinutes(count);
            case "hour" -> Duration.ofHours(count);
            case "day" -> Duration.ofDays(count);
            case "week" -> Duration.ofDays(7 * count);
            case "month" -> Duration.ofDays(30 * count);
            default -> Duration.ofDays(365 * count);
        };
    }

    /** The health in a list status such as {@code Up 3 minutes (healthy)}, or null without a check. */
    static String health(String status) {
        if (status == null) {
            return null;
        }
        Matcher m = HEALTH.matcher(status);
        return m.find() ? m.group(1) : null;
    }

    /** A name without Docker's leading slash ({@code /web-1}), or null. */
    static String name(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** An RFC 3339 time; null for none, for Go's zero time ({@code 0001-01-01T00:00:00Z}) and for garbage. */
    static Instant instant(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The engine's own words from an error answer such as
     * {@code {"message":"You cannot remove a running container …"}}, maybe after a status prefix
     * ({@code Status 409: }): its {@code message}, else the text without that prefix.
     */
    static String errorMessage(String raw) {
        if (raw == null || raw.isBlank()) {
            return "the engine gave no reason";
        }
        int brace = raw.indexOf('{');
        if (brace >= 0) {
            try (JsonParser p = JSON.createParser(raw.substring(brace))) {
                String[] message = new String[1];
                object(p, p.nextToken(), (field, v) -> {
                    String value = text(p, v);
                    if (field.equals("message") && value != null && !value.isBlank()) {
                        message[0] = value;
                    }
                });
                if (message[0] != null) {
                    return oneLine(message[0]);
                }
            } catch (IOException e) {
                // not JSON after all: the text is the reason
            }
        }
        return oneLine(raw.replaceFirst("^Status \\d+:\\s*", ""));
    }

    /**
     * What went wrong on the way to the engine, in one line naming the socket: not answering in
     * time, refused (no daemon behind the socket), permission denied, gone.
     */
    static String transportMessage(String socket, Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            deepest = t;
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return socket + " did not answer in time";
            }
        }
        String m = String.valueOf(deepest.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("permission denied") || deepest instanceof AccessDeniedException) {
            return "permission denied on " + socket;
        }
        if (m.contains("connection refused")) {
            return socket + ": connection refused (no daemon behind it)";
        }
        if (m.contains("no such file") || deepest instanceof NoSuchFileException) {
            return socket + " does not exist";
        }
        if (m.contains("timed out") || m.contains("timeout")) {
            return socket + " did not answer in time";
        }
        return socket + ": " + oneLine(deepest.getMessage() == null ? deepest.toString() : deepest.getMessage());
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
