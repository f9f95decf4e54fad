package io.jtop.backend.docker;

/**
 * The Engine API version to speak: the daemon's own (from {@code /_ping}'s {@code API-Version}
 * header) when the client models it, else the client's highest, as the docker CLI negotiates.
 * Never pinned: a 20.10 daemon (1.41) refuses requests for a newer version.
 */
public final class ApiVersions {

    /**
     * The newest Engine API jtop asks for. What it reads (the list, inspect, events, logs) has
     * kept its shape up to here; a newer daemon answers older versions.
     */
    public static final String CLIENT_MAX = "1.44";

    private ApiVersions() {
    }

    /**
     * The lower of the daemon's and the client's version, or null when the daemon did not say a
     * version (requests then go unversioned, and the daemon answers at its own).
     */
    public static String negotiate(String server, String clientMax) {
        int[] s = parse(server);
        if (s == null) {
            return null;
        }
        int[] c = parse(clientMax);
        boolean serverLower = c == null || s[0] < c[0] || s[0] == c[0] && s[1] < c[1];
        return serverLower ? s[0] + "." + s[1] : c[0] + "." + c[1];
    }

    /** {@code major.minor}, or null for anything else. */
    static int[] parse(String v) {
        if (v == null) {
            return null;
        }
        String[] parts = v.trim().split("\\.");
        if (parts.length != 2) {
            return null;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major < 0 || minor < 0 ? null : new int[] {major, minor};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
