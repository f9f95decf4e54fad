package io.jtop.container;

import java.util.List;
import java.util.Objects;

/**
 * What to run, as a user states it (the UI's start dialog, {@code jtop run}).
 *
 * @param image       image name or id prefix
 * @param name        container name, or null for a generated one
 * @param command     the command and its arguments, or empty for the image's default
 * @param memoryBytes memory limit, or null for none
 * @param cpus        CPUs' worth of quota, e.g. 0.5, or null for none
 * @param pidsLimit   pids.max, or null for none
 */
public record RunRequest(String image, String name, List<String> command, Long memoryBytes, Double cpus,
                         Long pidsLimit) {

    public RunRequest {
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
    }
}
