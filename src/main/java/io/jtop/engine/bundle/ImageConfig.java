package io.jtop.engine.bundle;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a container needs from an image's config ({@code config} of the OCI image config, the
 * capitalised names Docker also uses). Any component may be null.
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
}
