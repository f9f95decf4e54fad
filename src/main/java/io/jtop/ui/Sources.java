package io.jtop.ui;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.metrics.HostSampler;
import io.jtop.metrics.Inspector;
import io.jtop.metrics.Sampler;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the UI reads and acts through, wired by the command line: one backend (all runtimes
 * merged), the sampler over it, the inspector and the host's figures, and how to start {@code jtop shell}.
 * Everything the UI learns of the kernel comes through these, from {@code metrics}.
 *
 * @param backend   lists containers and takes actions
 * @param sampler   turns the list into figures; used only on the sampling thread
 * @param inspector namespaces, root file system, processes and changes of one container
 * @param host      the header's host-wide figures; used only on the sampling thread
 * @param backends  each backend's name and how it is at its last listing, for the header: {@code ok},
 *                  {@code not running} (no socket), or what is wrong
 * @param shell     the command line of {@code jtop shell} for a container and namespaces ({@code all}, {@code net} …)
 */
public record Sources(Backend backend, Sampler sampler, Inspector inspector, HostSampler host,
                      Supplier<List<String>> backends, ShellCommand shell) {

    /**
     * The sources of a replay: no host at all. Its backend lists nothing and can do nothing, so no
     * key is bound to an action on a container and no call reaches a runtime; no sampler, inspector,
     * host figures or shell.
     */
    static Sources none() {
        Backend nothing = new Backend() {
            @Override
            public String name() {
                return "replay";
            }

            @Override
            public List<Container> list(boolean all) {
                return List.of();
            }
        };
        return new Sources(nothing, null, null, null, List::of, null);
    }

    /** Builds the argv that opens a shell in a container. */
    @FunctionalInterface
    public interface ShellCommand {
        List<String> argv(Container c, String namespaces);
    }
}
