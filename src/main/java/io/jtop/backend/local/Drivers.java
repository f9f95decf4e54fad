package io.jtop.backend.local;

import io.jtop.engine.lifecycle.ConmonDriver;
import io.jtop.engine.lifecycle.OciDriver;
import io.jtop.engine.lifecycle.RuntimeWaits;
import io.jtop.engine.lifecycle.StateStore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The conmon + OCI runtime driver for each of jtop's containers: the one it was created with
 * ({@link RuntimeChoice}), or the default one for new containers and what every driver does
 * alike (exit files, conmon's pid file).
 */
final class Drivers {

    private static final Path CONMON = Path.of("/usr/bin/conmon");

    private final Path runDir;
    private final StateStore states;
    private final RuntimeWaits waits;
    /** The runtime new containers get. */
    private final RuntimeChoice defaultRuntime;
    /** The default runtime's driver; what it does apart from calling the runtime (exit files) is every driver's. */
    private final OciDriver base;

    Drivers(Path runDir, StateStore states, RuntimeChoice defaultRuntime, RuntimeWaits waits) {
        this.runDir = runDir;
        this.states = states;
        this.waits = waits;
        this.defaultRuntime = defaultRuntime;
        this.base = driver(defaultRuntime);
    }

    /** The default runtime's driver: new containers', and for what every driver does alike. */
    OciDriver base() {
        return base;
    }

    /** The runtime new containers get. */
    RuntimeChoice defaultRuntime() {
        return defaultRuntime;
    }

    /** Where conmon writes exit files; the driver makes it when it starts a container. */
    Path exitDir() {
        return runDir.resolve("exits");
    }

    /**
     * The driver for the runtime a container was created with, at the root it was created with
     * (runc for records made before this was kept). A runtime file that cannot be read is said as
     * such by the action that needed it.
     */
    OciDriver of(String id) throws IOException {
        RuntimeChoice r = runtimeOf(id);
        return r.equals(defaultRuntime) ? base : driver(r);
    }

    /**
     * The driver that forgets {@code id} without its runtime: its own runtime's when it can be
     * told, else the default one's (its conmon and files go all the same; a root the record no
     * longer tells cannot be cleaned).
     */
    OciDriver discarder(String id) {
        try {
            return of(id);
        } catch (IOException e) {
            return base;
        }
    }

    /** The OCI runtime a container was created with, as its directory in the store keeps it. */
    RuntimeChoice runtimeOf(String id) throws IOException {
        Path dir = states.containerDir(id);
        try {
            return RuntimeChoice.read(dir, runDir);
        } catch (IOException e) {
            throw new IOException("cannot tell the OCI runtime of " + id.substring(0, 12) + ": " + e.getMessage(), e);
        }
    }

    private OciDriver driver(RuntimeChoice r) {
        return new ConmonDriver(CONMON, r.binary(), r.root(), runDir, waits);
    }
}
