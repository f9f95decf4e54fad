package io.jtop.engine.lifecycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A child process for {@link StateStoreTest}: appends to one record's command N times. */
public final class StateStoreHammer {

    private StateStoreHammer() {
    }

    public static void main(String[] args) throws Exception {
        StateStore store = new StateStore(Path.of(args[0]));
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            store.update(args[1], r -> {
                List<String> cmd = new ArrayList<>(r.command());
                cmd.add("p");
                return r.toBuilder().command(cmd).build();
            });
        }
    }
}
