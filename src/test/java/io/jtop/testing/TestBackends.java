package io.jtop.testing;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Inspectable;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.LogLine;
import io.jtop.container.Loggable;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;
import io.jtop.container.Runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Backends in memory that list what they are given and record what they are asked to do. */
public final class TestBackends {

    private TestBackends() {
    }

    /** A running container of {@code runtime}, its cgroup {@code /x/ID}. */
    public static Container running(String id, Runtime runtime) {
        return new Container(id, null, runtime, null, 100, ContainerState.RUNNING, "/x/" + id, Instant.EPOCH, null,
                false);
    }

    /** Like discovery: lists what it is given and takes only a signal. */
    public static class Signaller implements Backend, Killable {
        final String name;
        public List<Container> shown = List.of();
        public final List<String> calls = new ArrayList<>();
        /** Like an engine whose first answer has not come: it may wait, until it is asked once. */
        public boolean waits;
        public Runnable onList = () -> { };

        public Signaller(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Container> list(boolean all) {
            onList.run();
            waits = false;
            return shown;
        }

        @Override
        public boolean mayWait() {
            return waits;
        }

        @Override
        public void kill(Container c, String signal) {
            calls.add("kill " + c.id() + " " + signal);
        }
    }

    /** Like jtop's runtime: takes every action and runs containers. */
    public static final class Everything extends Signaller
            implements Lifecycle, Pausable, Removable, Loggable, Inspectable, Runner {
        public Everything(String name) {
            super(name);
        }

        @Override
        public List<String> imageNames() {
            return List.of("bb:latest");
        }

        @Override
        public Container run(RunRequest request) {
            calls.add("run " + request.image());
            return running("new", Runtime.JTOP);
        }

        @Override
        public void start(Container c) {
            calls.add("start " + c.id());
        }

        @Override
        public void stop(Container c, int graceSeconds) {
            calls.add("stop " + c.id() + " " + graceSeconds);
        }

        @Override
        public void restart(Container c, int graceSeconds) {
            calls.add("restart " + c.id() + " " + graceSeconds);
        }

        @Override
        public void pause(Container c) {
            calls.add("pause " + c.id());
        }

        @Override
        public void resume(Container c) {
            calls.add("resume " + c.id());
        }

        @Override
        public void remove(Container c, boolean force) {
            calls.add("remove " + c.id() + " " + force);
        }

        @Override
        public void logs(Container c, int tail, boolean follow, Consumer<LogLine> sink) {
            calls.add("logs " + c.id() + " " + tail);
            sink.accept(new LogLine(null, false, "hi"));
        }

        @Override
        public Container detailed(Container c) {
            return c;
        }

        @Override
        public String config(Container c) {
            return "{\"ociVersion\":\"1.0.2\"}";
        }
    }
}
