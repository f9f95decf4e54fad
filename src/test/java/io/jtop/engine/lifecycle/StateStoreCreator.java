package io.jtop.engine.lifecycle;

import java.nio.file.Path;

/** A child process for {@link StateStoreTest}: creates a record, says so, and waits to be killed half-way. */
public final class StateStoreCreator {

    private StateStoreCreator() {
    }

    public static void main(String[] args) throws Exception {
        new StateStore(Path.of(args[0])).create(StateStoreTest.record(args[1], "half-made"));
        System.out.println("created");
        Thread.sleep(60_000);
    }
}
