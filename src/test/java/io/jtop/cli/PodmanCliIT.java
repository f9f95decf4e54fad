package io.jtop.cli;

import io.jtop.testing.EngineCli;

/** jtop's command line on Podman containers, through podman's Docker-compatible service (root). */
class PodmanCliIT extends EngineCliContract {
    @Override
    EngineCli engine() {
        return EngineCli.PODMAN;
    }
}
