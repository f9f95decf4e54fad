package io.jtop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jtop.testing.Host;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/grafana/jtop-containers.json: every query names only metrics `jtop serve` exports (issue 18's
 * list, cAdvisor's names), parses as PromQL (promtool, offline), and the data source is a variable.
 * That the queries return data from a Prometheus scraping `jtop serve` is {@link DashboardIT}'s.
 */
class DashboardTest {
    private static final Path DASHBOARD = Path.of("packaging/grafana/jtop-containers.json");
    private static final String DATASOURCE = "${datasource}";

    /** What `jtop serve` exports, as issue 18 names it. */
    private static final Set<String> EXPORTED = exported();
    /** What the dashboard must show: CPU and memory against limits, throttling, OOM kills, PSI, the host. */
    private static final Set<String> SHOWN = Set.of(
            "container_cpu_usage_seconds_total", "container_spec_cpu_quota", "container_spec_cpu_period",
            "container_memory_working_set_bytes", "container_spec_memory_limit_bytes",
            "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_periods_total", "container_oom_events_total",
            "container_pressure_cpu_waiting_seconds_total", "container_pressure_memory_stalled_seconds_total",
            "container_pressure_io_stalled_seconds_total", "machine_cpu_cores", "machine_memory_bytes");
    /** PromQL's functions and aggregations the dashboard may call; a name before "(" outside it is a mistake. */
    private static final Set<String> FUNCTIONS = Set.of("sum", "max", "min", "avg", "count", "topk", "bottomk",
            "rate", "irate", "increase", "sort_desc", "sort", "clamp_min");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");

    private static JsonNode dashboard;
    private static List<String> queries;

    @TempDir
    Path tmp;

    /** One query of the dashboard: the panel (or variable) it is for, and the query as Grafana holds it. */
    record Query(String panel, String grafana) {
        /** The query as Prometheus is asked it. */
        String promQl() {
            return DashboardTest.promQl(grafana);
        }
    }

    @BeforeAll
    static void parse() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        queries = new ArrayList<>();
        for (Query q : queries(dashboard)) {
            queries.add(q.grafana());
        }
        assertTrue(queries.size() >= 10, "queries found: " + queries);
    }

    /** Every query of the dashboard file: the panels' targets, then the variables'. */
    static List<Query> queries() throws IOException {
        return queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
    }

    private static List<Query> queries(JsonNode dashboard) {
        List<Query> all = new ArrayList<>();
        collectQueries(dashboard.path("panels"), all);
        for (JsonNode v : dashboard.at("/templating/list")) {
            if (v.path("type").asText().equals("query")) {
                all.add(new Query("variable " + v.path("name").asText(), v.at("/query/query").asText(v.path("query").asText())));
            }
        }
        return all;
    }

    @Test
    void queriesNameOnlyExportedMetrics() {
        Set<String> used = new TreeSet<>();
        for (String q : queries) {
            for (String metric : metrics(q)) {
                assertTrue(EXPORTED.contains(metric), "'" + metric + "' is not exported by jtop serve, in: " + q);
                used.add(metric);
            }
        }
        Set<String> missing = new TreeSet<>(SHOWN);
        missing.removeAll(used);
        assertEquals(Set.of(), missing, "metrics the dashboard must show");
    }

    @Test
    void metricNamesAreFoundWhereverTheyStand() {
        assertEquals(List.of("container_cpu_usage_seconds_total", "machine_cpu_cores"), metrics(
                "sum by (instance, name) (rate(container_cpu_usage_seconds_total{name=~\"$name\", id!=\"a{b\"}[$__rate_interval]))"
                        + " / on (instance) group_left sum(machine_cpu_cores)"));
        assertEquals(List.of("node_load1"), metrics("label_values(node_load1, instance)"));
        assertEquals(List.of("up"), metrics("up > bool 0"));
    }

    @Test
    void dataSourceIsAVariable() {
        JsonNode variable = null;
        for (JsonNode v : dashboard.at("/templating/list")) {
            if (v.path("type").asText().equals("datasource")) {
                variable = v;
            }
        }
        assertTrue(variable != null, "no data source variable");
        assertEquals("datasource", variable.path("name").asText());
        assertEquals("prometheus", variable.path("query").asText());
        assertFalse(dashboard.has("__inputs"), "an import-time data source, not a variable");
        List<JsonNode> uses = dashboard.findValues("datasource");
        assertFalse(uses.isEmpty());
        for (JsonNode ds : uses) {
            assertEquals(DATASOURCE, ds.isObject() ? ds.path("uid").asText() : ds.asText(), "a data source fixed in " + ds);
        }
    }

    @Test
    void everyPanelHasAPlaceAndEveryQueryAnId() {
        for (JsonNode p : dashboard.path("panels")) {
            assertTrue(p.has("gridPos") && p.has("id"), "panel " + p.path("title"));
            Set<String> refs = new TreeSet<>();
            p.path("targets").forEach(t -> assertTrue(refs.add(t.path("refId").asText()), "duplicate refId in " + p.path("title")));
        }
    }

    @Test
    void queriesParseAsPromQl() throws Exception {
        Host.requireCommand("promtool");
        ToolRun r = checkRules(promQl(queries));
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.stdout().contains("SUCCESS: " + queries.size() + " rules found"), r.describe());
    }

    @Test
    void promtoolRefusesABrokenQuery() throws Exception {
        Host.requireCommand("promtool");
        ToolRun r = checkRules(List.of("rate(container_cpu_usage_seconds_total)"));
        assertEquals(1, r.exit(), r.describe());
        assertTrue(r.stdout().contains("expected type range vector") || r.stderr().contains("expected type range vector"), r.describe());
    }

    /** Runs promtool's offline check on a rules file with one recording rule per expression. */
    private ToolRun checkRules(List<String> exprs) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode group = yaml.createObjectNode().put("name", "jtop-dashboard");
        ArrayNode rules = group.putArray("rules");
        for (int i = 0; i < exprs.size(); i++) {
            rules.addObject().put("record", "jtop_dashboard_query_" + i).put("expr", exprs.get(i));
        }
        ObjectNode file = yaml.createObjectNode();
        file.putArray("groups").add(group);
        Path rulesFile = tmp.resolve("dashboard-rules.yml");
        Files.writeString(rulesFile, yaml.writeValueAsString(file));
        return ToolRun.of(List.of("promtool", "check", "rules", rulesFile.toString()));
    }

    private static List<String> promQl(List<String> grafana) {
        return grafana.stream().map(DashboardTest::promQl).toList();
    }

    /** One query as Prometheus sees it: Grafana's intervals as durations, its variables as ".*". */
    static String promQl(String grafana) {
        String p = prometheusPart(grafana).replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$__interval", "1m");
        return GRAFANA_VARIABLE.matcher(p).replaceAll(".*");
    }

    /** The metric names a query selects, in order: what is left once strings, matchers, ranges and groupings go. */
    static List<String> metrics(String query) {
        String q = STRING.matcher(prometheusPart(query)).replaceAll("\"\"");
        q = MATCHERS.matcher(q).replaceAll(" ");
        q = RANGE.matcher(q).replaceAll(" ");
        q = GROUPING.matcher(q).replaceAll(" ");
        q = q.replaceAll("\\bgroup_(?:left|right)\\b", " ");
        List<String> names = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(q);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) != null) {
                assertTrue(FUNCTIONS.contains(name), "unexpected function " + name + " in: " + query);
            } else if (!KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A query without Grafana's label_values(SELECTOR, LABEL) around it: the selector is what Prometheus is asked for. */
    private static String prometheusPart(String query) {
        String q = query.strip();
        return q.startsWith("label_values(") ? q.substring("label_values(".length(), q.lastIndexOf(',')) : q;
    }

    private static void collectQueries(JsonNode panels, List<Query> into) {
        for (JsonNode p : panels) {
            p.path("targets").forEach(t -> into.add(new Query(p.path("title").asText(), t.path("expr").asText())));
            collectQueries(p.path("panels"), into);
        }
    }

    private static Set<String> exported() {
        Set<String> s = new TreeSet<>(List.of("container_cpu_usage_seconds_total", "container_cpu_user_seconds_total",
                "container_cpu_system_seconds_total", "container_cpu_cfs_periods_total",
                "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_throttled_seconds_total",
                "container_memory_working_set_bytes", "container_memory_usage_bytes", "container_memory_rss",
                "container_memory_cache", "container_memory_swap", "container_spec_memory_limit_bytes",
                "container_spec_cpu_quota", "container_spec_cpu_period", "container_spec_cpu_shares",
                "container_oom_events_total", "container_processes", "container_threads",
                "container_start_time_seconds", "container_last_seen", "machine_cpu_cores", "machine_memory_bytes"));
        for (String way : List.of("receive", "transmit")) {
            for (String what : List.of("bytes", "packets", "errors", "packets_dropped")) {
                s.add("container_network_" + way + "_" + what + "_total");
            }
        }
        s.add("container_fs_reads_bytes_total");
        s.add("container_fs_writes_bytes_total");
        for (String res : List.of("cpu", "memory", "io")) {
            for (String kind : List.of("stalled", "waiting")) {
                s.add("container_pressure_" + res + "_" + kind + "_seconds_total");
            }
        }
        return Set.copyOf(s);
    }
}
