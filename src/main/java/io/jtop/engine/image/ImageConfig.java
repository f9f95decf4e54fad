package io.jtop.engine.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * What jtop keeps of an image's configuration (the OCI image-spec {@code config} object, which
 * Docker's image JSON shares): how to run it. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** An image that says nothing: no env, no command, root, {@code /}. */
    public static ImageConfig empty() {
        return new ImageConfig(null, null, null, null, null, null);
    }

    /** The image JSON document: architecture, os, config, rootfs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Document(
            @JsonProperty("architecture") String architecture,
            @JsonProperty("os") String os,
            @JsonProperty("created") String created,
            @JsonProperty("config") ImageConfig config,
            @JsonProperty("rootfs") RootFs rootfs) {
    }

    /** {@code rootfs.diff_ids}: the digests of the uncompressed layers, bottom first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<String> diffIds) {
    }
}
