package io.jtop.cli;

import io.jtop.container.Membership;
import io.jtop.container.Sample;
import io.jtop.metrics.Group;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Groups;
import io.jtop.metrics.Snapshot;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jtop ps --group}: each group's line with its figures (its pod cgroup's, or its members'
 * sums), its members indented under it, then the containers in no group; or, with {@code --json},
 * the groups with their members (README "JSON schema"). Groups come by name, members and the
 * ungrouped newest first, as {@code ps}. The table is {@code ps}'s own ({@link Views#psTable}):
 * a group is one more row of it.
 */
final class GroupedPs {

    /** How far a member's name is indented under its group's. */
    private static final String INDENT = "  ";

    private GroupedPs() {
    }

    static void print(PrintWriter out, Snapshot snap, Grouping by, boolean json) {
        Groups gs = Groups.of(by, snap.rows(), snap.cgroups());
        List<Group> groups = new ArrayList<>(gs.groups());
        groups.sort(Comparator.comparing(Group::name).thenComparing(g -> g.key().kind()));
        if (json) {
            out.println(Output.json(json(by, groups, gs.ungrouped()), true));
        } else {
            List<Snapshot.Row> rows = new ArrayList<>();
            for (Group g : groups) {
                rows.add(g.row());
                for (Snapshot.Row r : PsCommand.newestFirst(g.members())) {
                    rows.add(new Snapshot.Row(r.container().withName(INDENT + g.memberName(r.container())), r.sample()));
                }
            }
            rows.addAll(PsCommand.newestFirst(gs.ungrouped()));
            out.print(Views.psTable(rows, snap.time()).render());
        }
        out.flush();
    }

    /** The JSON document: the grouping, the groups with their members, and the containers in none. */
    static Map<String, Object> json(Grouping by, List<Group> groups, List<Snapshot.Row> ungrouped) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grouping", by.label());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Group g : groups) {
            out.add(groupJson(by, g));
        }
        m.put("groups", out);
        m.put("ungrouped", rowsJson(ungrouped));
        return m;
    }

    private static Map<String, Object> groupJson(Grouping by, Group g) {
        Sample s = g.sample();
        Membership first = by == Grouping.POD ? g.members().get(0).container().membership() : null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", g.key().label());
        m.put("name", g.name());
        m.put("pod", first == null ? null : first.pod());
        m.put("pod_namespace", first == null ? null : first.podNamespace());
        m.put("pod_uid", first == null ? null : first.podUid());
        m.put("qos", first == null ? null : first.qos());
        m.put("project", first == null ? null : first.project());
        m.put("cgroup", g.cgroup());
        m.put("figures_from", g.own() ? "cgroup" : "members");
        m.put("member_count", g.members().size());
        m.put("cpu_percent", s.cpuPercent() == null ? null : Math.round(s.cpuPercent() * 10) / 10.0);
        m.put("memory_working_set_bytes", s.memoryWorkingSetBytes());
        m.put("memory_usage_bytes", s.memoryUsageBytes());
        m.put("memory_limit_bytes", s.memoryLimitBytes());
        m.put("pids_current", s.pidsCurrent());
        m.put("pids_limit", s.pidsLimit());
        m.put("cpu_limit", s.cpuLimit());
        m.put("members", rowsJson(g.members()));
        return m;
    }

    private static List<Map<String, Object>> rowsJson(List<Snapshot.Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Snapshot.Row r : PsCommand.newestFirst(rows)) {
            out.add(Views.psJson(r));
        }
        return out;
    }
}
