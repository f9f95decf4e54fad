package io.jtop.engine.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:3f…}; only sha256 is accepted, as in every image we read. */
public record Digest(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + hex);
        }
    }

    /** Parses {@code sha256:<64 hex>}, or bare hex. */
    public static Digest parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("missing digest");
        }
        String hex = s.startsWith("sha256:") ? s.substring(7) : s;
        if (s.contains(":") && !s.startsWith("sha256:")) {
            throw new IllegalArgumentException("unsupported digest algorithm: " + s);
        }
        return new Digest(hex);
    }

    public static Digest of(MessageDigest sha256) {
        return new Digest(HexFormat.of().formatHex(sha256.digest()));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The first 12 hex digits, as ids are shown. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
