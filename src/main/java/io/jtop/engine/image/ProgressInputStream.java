package io.jtop.engine.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Consumer;

/** Tells how far a large read has got, every tenth of the way: "layer 2/5: 40% of 1.2 GiB". */
final class ProgressInputStream extends FilterInputStream {

    /** Below this, a read is quick enough to need no progress lines. */
    static final long LARGE = 32L << 20;

    private final long total;
    private final String label;
    private final Consumer<String> progress;
    private long done;
    private int lastTenth;

    ProgressInputStream(InputStream in, long total, String label, Consumer<String> progress) {
        super(in);
        this.total = total;
        this.label = label;
        this.progress = total >= LARGE ? progress : s -> { };
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        done += n;
        int tenth = (int) Math.min(10, done * 10 / Math.max(1, total));
        if (tenth > lastTenth) {
            lastTenth = tenth;
            progress.accept(String.format(Locale.ROOT, "%s: %d%% of %s", label, tenth * 10, ImageImporter.human(total)));
        }
    }
}
