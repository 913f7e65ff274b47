package io.jbake.bake;

import io.jbake.bake.hcl.VariableInfo;
import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Csv;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.Group;
import io.jbake.go.GoJson;
import io.jbake.go.GoLib;
import io.jbake.go.GoSort;
import io.jbake.go.TabWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The {@code --list} outputs: target and variable tables or JSON arrays, byte for byte as buildx. */
public final class ListWriter {
    /** buildx's {@code tabwriter.NewWriter(w, 1, 8, 1, '\t', 0)}: columns padded with whole tabs. */
    private static final TabWriter TABLE = new TabWriter(1, 8, 1, '\t');

    private ListWriter() {}

    /** {@code targets} or {@code variables}, as a {@code table} or {@code json}. */
    public record ListRequest(String type, String format) {
        /**
         * Parses {@code targets}, {@code variables} or the long form
         * {@code type=<targets|variables>[,format=<table|json>]}.
         */
        public static ListRequest parse(String input) {
            List<String> fields = Csv.fields(input);
            String type = "";
            String format = "";
            if (fields.size() == 1 && fields.get(0).equals(input) && !input.startsWith("type=")) {
                type = input;
            }
            if (type.isEmpty()) {
                for (String field : fields) {
                    Csv.Pair pair = Csv.pair(field);
                    String key = pair.key().toLowerCase(Locale.ROOT).strip();
                    switch (key) {
                        case "type" -> type = pair.value();
                        case "format" -> format = pair.value();
                        default -> throw new BakeException("unexpected key '" + key + "' in '" + field + "'");
                    }
                }
            }
            if (format.isEmpty()) {
                format = "table";
            }
            if (!type.equals("targets") && !type.equals("variables")) {
                throw new BakeException("invalid list type " + GoLib.quote(type));
            }
            if (!format.equals("table") && !format.equals("json")) {
                throw new BakeException("invalid list format " + GoLib.quote(format));
            }
            return new ListRequest(type, format);
        }
    }

    private record Row(String name, String description, boolean group) implements GoJson.JsonWritable {
        @Override
        public void writeJson(GoJson json) {
            json.beginObject();
            json.field("name", name);
            json.fieldOmitEmpty("description", description);
            json.fieldOmitEmpty("group", group);
            json.endObject();
        }
    }

    /**
     * Targets and groups sorted by name as buildx sorts them, private ones ({@code _name}) left out; a group's
     * description lists its sorted members.
     */
    public static String targets(Definition def, String format) {
        List<Row> rows = new ArrayList<>();
        def.targets().values().forEach(t -> rows.add(new Row(t.name(), t.description(), false)));
        for (Group g : def.groups().values()) {
            String descr = g.description();
            if (!g.targets().isEmpty()) {
                List<String> members = new ArrayList<>(g.targets());
                members.sort(null);
                String names = String.join(", ", members);
                descr = descr.isEmpty() ? names : descr + " (" + names + ")";
            }
            rows.add(new Row(g.name(), descr, true));
        }
        // buildx sorts with slices.SortFunc (Go's pdqsort, not stable): past 12 rows a group may come
        // before the target of the same name
        GoSort.slice(rows, (a, b) -> a.name.compareTo(b.name) < 0);
        rows.removeIf(r -> r.name.startsWith("_"));
        if (format.equals("json")) {
            return (rows.isEmpty() ? "null" : GoJson.indent(rows)) + "\n";
        }
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("TARGET", "DESCRIPTION"));
        rows.forEach(r -> table.add(List.of(r.name, r.description)));
        return TABLE.format(table);
    }

    /** Variables sorted by name. */
    public static String variables(List<VariableInfo> vars, String format) {
        List<VariableInfo> sorted = new ArrayList<>(vars);
        sorted.sort(Comparator.comparing(VariableInfo::name));
        if (format.equals("json")) {
            return GoJson.indent(sorted) + "\n";
        }
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("VARIABLE", "TYPE", "VALUE", "DESCRIPTION"));
        for (VariableInfo v : sorted) {
            table.add(List.of(v.name(), v.type(), v.value() == null ? "<null>" : v.value(), v.description()));
        }
        return TABLE.format(table);
    }
}
