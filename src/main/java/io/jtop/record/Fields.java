package io.jtop.record;

import io.jtop.container.Sample;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A sample's figures that change from tick to tick, in the order a tick record writes them (bit
 * {@code i} of a row's mask is field {@code i}). Each is held as a long: counters and bytes as
 * they are, percentages and rates in thousandths ({@link #SCALE}). The figures that change seldom
 * (limits, flags, namespaces) are written with the container's identity instead.
 */
final class Fields {

    /** Percentages and rates are kept to a thousandth. */
    static final double SCALE = 1000.0;

    /** One figure: how it is read from a sample and set on a builder, as a long. */
    record Field(Function<Sample, Long> get, BiConsumer<Sample.Builder, Long> set) {
    }

    static final List<Field> ALL = List.of(
            count(Sample::cpuUsageNanos, Sample.Builder::cpuUsageNanos),
            count(Sample::cpuPeriods, Sample.Builder::cpuPeriods),
            count(Sample::cpuThrottledPeriods, Sample.Builder::cpuThrottledPeriods),
            count(Sample::cpuThrottledNanos, Sample.Builder::cpuThrottledNanos),
            count(Sample::memoryWorkingSetBytes, Sample.Builder::memoryWorkingSetBytes),
            count(Sample::memoryUsageBytes, Sample.Builder::memoryUsageBytes),
            count(Sample::swapBytes, Sample.Builder::swapBytes),
            count(Sample::oomKills, Sample.Builder::oomKills),
            count(Sample::pidsCurrent, Sample.Builder::pidsCurrent),
            count(Sample::ioReadBytes, Sample.Builder::ioReadBytes),
            count(Sample::ioWriteBytes, Sample.Builder::ioWriteBytes),
            count(Sample::netRxBytes, Sample.Builder::netRxBytes),
            count(Sample::netTxBytes, Sample.Builder::netTxBytes),
            scaled(Sample::cpuPercent, Sample.Builder::cpuPercent),
            scaled(Sample::ioReadBytesPerSecond, Sample.Builder::ioReadBytesPerSecond),
            scaled(Sample::ioWriteBytesPerSecond, Sample.Builder::ioWriteBytesPerSecond),
            scaled(Sample::netRxBytesPerSecond, Sample.Builder::netRxBytesPerSecond),
            scaled(Sample::netTxBytesPerSecond, Sample.Builder::netTxBytesPerSecond),
            scaled(Sample::psiCpuSome10, Sample.Builder::psiCpuSome10),
            scaled(Sample::psiMemorySome10, Sample.Builder::psiMemorySome10),
            scaled(Sample::psiIoSome10, Sample.Builder::psiIoSome10));

    /** The mask bit of a row recorded without a sample. */
    static final long NO_SAMPLE = 1L << ALL.size();
    /** The mask bit saying a second mask follows: which of the changed figures became unknown. */
    static final long NULLS = 1L << (ALL.size() + 1);

    private Fields() {
    }

    private static Field count(Function<Sample, Long> get, BiConsumer<Sample.Builder, Long> set) {
        return new Field(get, set);
    }

    private static Field scaled(Function<Sample, Double> get, BiConsumer<Sample.Builder, Double> set) {
        return new Field(s -> {
            Double d = get.apply(s);
            return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d * SCALE);
        }, (b, v) -> set.accept(b, v == null ? null : v / SCALE));
    }
}
