package io.jtop.record;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a recording writes of a container once, and again only when it changes: the container as
 * its backend listed it (identity, state, exit, details) and the figures of its sample that change
 * seldom (limits, privilege, flags, the namespaces it shares with the host).
 */
record Identity(Container container, boolean sampled, Long cpuQuotaMicros, Long cpuPeriodMicros, Long cpuShares,
                Long cpuWeight, Long memoryLimitBytes, Long swapLimitBytes, Long pidsLimit,
                List<String> hostNamespaces, Boolean privileged, List<String> securityFlags) {

    private static final int MAX_COUNT = 1 << 20;

    static Identity of(Container c, Sample s) {
        if (s == null) {
            return new Identity(c, false, null, null, null, null, null, null, null, null, null, null);
        }
        return new Identity(c, true, s.cpuQuotaMicros(), s.cpuPeriodMicros(), s.cpuShares(), s.cpuWeight(),
                s.memoryLimitBytes(), s.swapLimitBytes(), s.pidsLimit(), s.hostNamespaces(), s.privileged(),
                s.securityFlags());
    }

    /**
     * Whether {@link #of} would give an identity equal to this one, found without making it: the
     * recorder asks it of every row at every tick. A backend lists the same container object while
     * nothing of it changes, so the container is compared by reference before its fields.
     */
    boolean matches(Container c, Sample s) {
        if (container != c && !container.equals(c)) {
            return false;
        }
        if (s == null) {
            return equals(of(c, null));
        }
        return sampled && Objects.equals(cpuQuotaMicros, s.cpuQuotaMicros())
                && Objects.equals(cpuPeriodMicros, s.cpuPeriodMicros()) && Objects.equals(cpuShares, s.cpuShares())
                && Objects.equals(cpuWeight, s.cpuWeight()) && Objects.equals(memoryLimitBytes, s.memoryLimitBytes())
                && Objects.equals(swapLimitBytes, s.swapLimitBytes()) && Objects.equals(pidsLimit, s.pidsLimit())
                && Objects.equals(hostNamespaces, s.hostNamespaces()) && Objects.equals(privileged, s.privileged())
                && Objects.equals(securityFlags, s.securityFlags());
    }

    /** Sets the seldom-changing figures on a sample being rebuilt. */
    void applyTo(Sample.Builder b) {
        b.cpuQuotaMicros(cpuQuotaMicros).cpuPeriodMicros(cpuPeriodMicros).cpuShares(cpuShares).cpuWeight(cpuWeight)
                .memoryLimitBytes(memoryLimitBytes).swapLimitBytes(swapLimitBytes).pidsLimit(pidsLimit)
                .hostNamespaces(hostNamespaces).privileged(privileged).securityFlags(securityFlags);
    }

    void write(Bytes.Out o) {
        Container c = container;
        o.str(c.id());
        o.str(c.name());
        o.str(c.runtime().name());
        o.str(c.image());
        o.signed(c.pid());
        o.str(c.state().name());
        o.str(c.cgroup());
        o.instant(c.startedAt());
        o.optional(c.exitCode() == null ? null : c.exitCode().longValue());
        o.bool(c.oomKilled());
        o.str(c.stateReason());
        o.instant(c.finishedAt());
        writeDetails(o, c.details());
        o.bool(sampled);
        for (Long v : new Long[]{cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpuWeight, memoryLimitBytes,
                swapLimitBytes, pidsLimit}) {
            o.optional(v);
        }
        writeList(o, hostNamespaces);
        o.optional(privileged == null ? null : privileged ? 1L : 0L);
        writeList(o, securityFlags);
    }

    static Identity read(Bytes.In in) {
        String id = in.str();
        if (id == null) {
            throw new Bytes.Corrupt("container without id");
        }
        Container c = new Container(id, in.str(), constant(Runtime.class, in.str()), in.str(),
                Math.toIntExact(in.signed()), constant(ContainerState.class, in.str()), in.str(), in.instant(),
                in.optionalInt(), in.bool(), null, in.str(), in.instant());
        c = c.withDetails(readDetails(in));
        boolean sampled = in.bool();
        Long[] v = new Long[7];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.optional();
        }
        List<String> ns = readList(in);
        Long priv = in.optional();
        List<String> flags = readList(in);
        return new Identity(c, sampled, v[0], v[1], v[2], v[3], v[4], v[5], v[6], ns,
                priv == null ? null : priv != 0, flags);
    }

    private static void writeDetails(Bytes.Out o, Details d) {
        o.bool(d != null);
        if (d == null) {
            return;
        }
        o.varint(d.labels().size());
        d.labels().forEach((k, v) -> {
            o.str(k);
            o.str(v);
        });
        o.str(d.health());
        o.optional(d.restartCount() == null ? null : d.restartCount().longValue());
        o.instant(d.createdAt());
        o.str(d.ociRuntime());
        Membership m = d.membership();
        o.bool(m != null);
        if (m != null) {
            o.str(m.kind().name());
            o.str(m.pod());
            o.str(m.podNamespace());
            o.str(m.podUid());
            o.str(m.qos());
            o.str(m.podCgroup());
            o.bool(m.sandbox());
            o.str(m.member());
            o.str(m.project());
            o.optional(m.number() == null ? null : m.number().longValue());
        }
        o.optional(d.memoryPeak());
        o.optional(d.memoryLimit());
    }

    private static Details readDetails(Bytes.In in) {
        if (!in.bool()) {
            return null;
        }
        int n = in.count(MAX_COUNT);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            labels.put(in.str(), in.str());
        }
        String health = in.str();
        Integer restarts = in.optionalInt();
        var created = in.instant();
        String oci = in.str();
        Membership m = null;
        if (in.bool()) {
            m = new Membership(constant(Membership.Kind.class, in.str()), in.str(), in.str(), in.str(), in.str(),
                    in.str(), in.bool(), in.str(), in.str(), in.optionalInt());
        }
        return new Details(labels, health, restarts, created, oci, m, in.optional(), in.optional());
    }

    private static void writeList(Bytes.Out o, List<String> list) {
        if (list == null) {
            o.varint(0);
            return;
        }
        o.varint(list.size() + 1L);
        list.forEach(o::str);
    }

    private static List<String> readList(Bytes.In in) {
        int n = in.count(MAX_COUNT);
        if (n == 0) {
            return null;
        }
        List<String> out = new ArrayList<>(n - 1);
        for (int i = 0; i < n - 1; i++) {
            out.add(in.str());
        }
        return Collections.unmodifiableList(out);
    }

    /** An enum constant by its name, which the file keeps so that a reordered enum still reads. */
    private static <E extends Enum<E>> E constant(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Bytes.Corrupt("unknown " + type.getSimpleName() + " " + name);
        }
    }
}
