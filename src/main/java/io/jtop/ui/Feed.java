package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.metrics.Snapshot;

/**
 * Where the UI's frames come from, and what the UI asks of that source: the live host sampled at
 * every interval ({@link Poller}) or a recording played back ({@link Replay}). The UI draws what a
 * feed hands it and never asks which one it is; a feed that travels in time is also a {@link Travel}.
 * Every method is called on the UI thread and returns at once.
 */
interface Feed extends AutoCloseable {

    /** One tick's worth of everything the screens show. */
    record Frame(Snapshot snapshot, HostHeader header, Detail detail, String error) {
    }

    /** Starts handing frames over. */
    void start();

    /** A new refresh interval. */
    void interval(long millis);

    /** List exited containers too, or not. */
    void showAll(boolean value);

    /** Read the pods' own cgroups (the "pod" grouping shows them), or none. */
    void podCgroups(boolean on);

    /** Gather the detail of this container in each frame (the detail view), or none. */
    void watch(String id);

    /** The detail view shows this pane. */
    void paneOpen(DetailView.Pane pane);

    /** After an action: read everything of this container at once. */
    void refresh(Container c);

    /** The UI drew its first frame. */
    void firstFrameShown();

    /** Why this feed refuses an action, one line for the status line; null when it takes it. */
    String refuses(Action a);

    @Override
    void close();
}
