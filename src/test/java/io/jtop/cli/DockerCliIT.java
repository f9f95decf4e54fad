package io.jtop.cli;

import io.jtop.testing.EngineCli;

/** jtop's command line on Docker containers, against the real dockerd (root). */
class DockerCliIT extends EngineCliContract {
    @Override
    EngineCli engine() {
        return EngineCli.DOCKER;
    }
}
