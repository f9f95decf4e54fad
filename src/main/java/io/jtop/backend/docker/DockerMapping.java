package io.jtop.backend.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Runtime;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine API answers (docker-java's DTOs, as Docker and Podman's compatible API fill them) to
 * jtop's {@link Container}. Pure: no I/O. The cgroup path is left null; the kernel's view of the
 * same container (discovery) supplies it when the lists are merged.
 */
final class DockerMapping {

    private static final Pattern EXIT = Pattern.compile("^Exited \\((-?\\d+)\\)");
    private static final Pattern HEALTH = Pattern.compile("\\((?:health: )?(healthy|unhealthy|starting)\\)");

    private DockerMapping() {
    }

    /**
     * A container from {@code GET /containers/json}: what the list tells (no process, no start
     * time; exit code and health only as its status text shows them).
     */
    static Container listed(com.github.dockerjava.api.model.Container c, Runtime runtime) {
        ContainerState state = state(c.getState(), false);
        String status = c.getStatus();
        Instant created = c.getCreated() == null || c.getCreated() <= 0 ? null : Instant.ofEpochSecond(c.getCreated());
        Details details = new Details(c.getLabels(), health(status), null, created);
        return new Container(c.getId(), name(c.getNames()), runtime, c.getImage(), 0, state, null, created,
                state == ContainerState.EXITED ? exitCode(status) : null, false, details);
    }

    /** A container from {@code GET /containers/{id}/json}: everything, its init's pid included. */
    static Container inspected(InspectContainerResponse r, Runtime runtime) {
        InspectContainerResponse.ContainerState s = r.getState();
        long pid = s == null || s.getPidLong() == null ? 0 : s.getPidLong();
        ContainerState state = state(s == null ? null : s.getStatus(), pid > 0);
        boolean live = state == ContainerState.RUNNING || state == ContainerState.PAUSED;
        Instant created = instant(r.getCreated());
        Instant started = s == null ? null : instant(s.getStartedAt());
        Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
        String health = s == null || s.getHealth() == null ? null : blankToNull(s.getHealth().getStatus());
        Long exit = s == null ? null : s.getExitCodeLong();
        return new Container(r.getId(), name(r.getName()), runtime, r.getConfig() == null ? null : r.getConfig().getImage(),
                live ? (int) pid : 0, state, null, live && started != null ? started : created,
                state == ContainerState.EXITED && exit != null ? (int) (long) exit : null,
                s != null && Boolean.TRUE.equals(s.getOOMKilled()), new Details(labels, health, r.getRestartCount(), created));
    }

    /**
     * An engine's state word as jtop's. {@code restarting} is running while a process is there
     * (between two runs it has none: exited); {@code removing} and {@code dead} are exited.
     */
    static ContainerState state(String engineState, boolean hasProcess) {
        if (engineState == null) {
            return ContainerState.EXITED;
        }
        return switch (engineState.toLowerCase(java.util.Locale.ROOT)) {
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

    /** The health in a list status such as {@code Up 3 minutes (healthy)}, or null without a check. */
    static String health(String status) {
        if (status == null) {
            return null;
        }
        Matcher m = HEALTH.matcher(status);
        return m.find() ? m.group(1) : null;
    }

    /** The first name without Docker's leading slash ({@code /web-1}), or null. */
    static String name(String[] names) {
        return names == null || names.length == 0 ? null : name(names[0]);
    }

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
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The engine's own words from an error answer such as
     * {@code Status 409: {"message":"You cannot remove a running container …"}}: its
     * {@code message}, else the text without the status prefix.
     */
    static String errorMessage(String raw) {
        if (raw == null || raw.isBlank()) {
            return "the engine gave no reason";
        }
        int brace = raw.indexOf('{');
        if (brace >= 0) {
            try {
                com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(raw.substring(brace));
                if (n != null && n.path("message").isTextual() && !n.path("message").asText().isBlank()) {
                    return oneLine(n.path("message").asText());
                }
            } catch (java.io.IOException e) {
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
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return socket + " did not answer in time";
            }
        }
        String m = String.valueOf(deepest.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("permission denied") || deepest instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + socket;
        }
        if (m.contains("connection refused")) {
            return socket + ": connection refused (no daemon behind it)";
        }
        if (m.contains("no such file") || deepest instanceof java.nio.file.NoSuchFileException) {
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
