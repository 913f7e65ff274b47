package io.jbake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows between jbake's rooms are those ARCHITECTURE.md lists, checked on the compiled classes: every
 * class of a room may reference only classes of the rooms its line names (a reference is any class named in the
 * class file's constant pool: imports, qualified names, signatures, lambdas alike), every room has a line, and
 * the arrows, known debts aside, have no cycle. A subpackage with a line of its own is a room of its own, also
 * under a line that takes in its parent's subpackages ({@code room*}), so subpackages are checked among themselves.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target/classes/io/jbake");
    /** A class named in a constant pool entry: {@code io/jbake/room/sub/Name}, also inside descriptors. */
    private static final Pattern CLASS_NAME = Pattern.compile("io/jbake/((?:[a-z][a-z0-9]*/)*)[A-Z][\\w$]*");

    /** One line of the arrows: a room (maybe with its subpackages) and what it may use. */
    private record Rule(String room, boolean withSubpackages, List<Use> uses) {
        boolean covers(String pkg) {
            return pkg.equals(room) || withSubpackages && pkg.startsWith(room + ".");
        }
    }

    private record Use(String room, boolean withSubpackages, boolean debt) {
        boolean covers(String pkg) {
            return pkg.equals(room) || withSubpackages && pkg.startsWith(room + ".");
        }
    }

    @Test
    void everyReferenceFollowsAnArrowOfArchitectureMd() throws IOException {
        List<Rule> rules = rules();
        List<String> violations = new ArrayList<>();
        references().forEach((from, targets) -> {
            Rule rule = ruleOf(from, rules);
            if (rule == null) {
                violations.add(from + " is no room of ARCHITECTURE.md");
                return;
            }
            targets.forEach((to, example) -> {
                if (ruleOf(to, rules) != rule && rule.uses().stream().noneMatch(u -> u.covers(to))) {
                    violations.add(from + " -> " + to + " (" + example + ")");
                }
            });
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void theArrowsHaveNoCycle() throws IOException {
        List<Rule> rules = rules();
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (Rule rule : rules) {
            Set<String> to = new TreeSet<>();
            for (Use use : rule.uses()) {
                if (!use.debt()) {
                    // a room with its subpackages points at each of them that is a room of its own too
                    to.add(use.room());
                    rules.stream().map(Rule::room).filter(use::covers).forEach(to::add);
                }
            }
            to.remove(rule.room());
            arrows.put(rule.room(), to);
        }
        List<String> cycle = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        for (String room : arrows.keySet()) {
            if (cycle.isEmpty()) {
                findCycle(room, arrows, new ArrayList<>(), finished, cycle);
            }
        }
        assertEquals(List.of(), cycle, "a cycle of arrows");
    }

    @Test
    void theClassesAreThere() {
        // the check above would pass on no classes at all
        assertFalse(references().isEmpty(), "compiled classes under " + CLASSES);
    }

    /**
     * The line of the room {@code pkg} belongs to: the most specific one, so that a subpackage with a line of its
     * own is that room even under a line that takes in its parent's subpackages.
     */
    private static Rule ruleOf(String pkg, List<Rule> rules) {
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.covers(pkg)
                    && (best == null || rule.room().length() > best.room().length())) {
                best = rule;
            }
        }
        return best;
    }

    /** Depth-first from {@code room}: fills {@code cycle} with the first cycle met on {@code path}. */
    private static void findCycle(
            String room, Map<String, Set<String>> arrows, List<String> path, Set<String> finished, List<String> cycle) {
        int at = path.indexOf(room);
        if (at >= 0) {
            cycle.addAll(path.subList(at, path.size()));
            cycle.add(room);
            return;
        }
        if (finished.contains(room)) {
            return;
        }
        path.add(room);
        for (String next : arrows.getOrDefault(room, Set.of())) {
            if (cycle.isEmpty()) {
                findCycle(next, arrows, path, finished, cycle);
            }
        }
        path.remove(path.size() - 1);
        finished.add(room);
    }

    /** The lines of ARCHITECTURE.md's arrows block. */
    private static List<Rule> rules() throws IOException {
        String doc = Files.readString(Path.of("ARCHITECTURE.md"));
        Matcher block = Pattern.compile("```arrows\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        if (!block.find()) {
            throw new AssertionError("ARCHITECTURE.md has no arrows block");
        }
        List<Rule> rules = new ArrayList<>();
        for (String line : block.group(1).split("\n")) {
            int colon = line.indexOf(':');
            String room = line.substring(0, colon).strip();
            List<Use> uses = new ArrayList<>();
            for (String use : line.substring(colon + 1).strip().split("\\s+")) {
                if (!use.isEmpty()) {
                    boolean debt = use.startsWith("!");
                    String name = debt ? use.substring(1) : use;
                    uses.add(new Use(name.replace("*", ""), name.endsWith("*"), debt));
                }
            }
            rules.add(new Rule(room.replace("*", ""), room.endsWith("*"), uses));
        }
        return rules;
    }

    /** For each package under io.jbake (without the prefix), the packages its classes reference, each with one example. */
    private static Map<String, Map<String, String>> references() {
        Map<String, Map<String, String>> references = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(file -> {
                String from = CLASSES.relativize(file.getParent()).toString().replace('/', '.');
                String name = file.getFileName().toString();
                Map<String, String> targets = references.computeIfAbsent(from, k -> new LinkedHashMap<>());
                for (String utf8 : constantPoolStrings(file)) {
                    Matcher m = CLASS_NAME.matcher(utf8);
                    while (m.find()) {
                        String dir = m.group(1);
                        String to = dir.isEmpty()
                                ? ""
                                : dir.substring(0, dir.length() - 1).replace('/', '.');
                        if (!to.equals(from)) {
                            targets.putIfAbsent(to, name + " uses " + m.group());
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return references;
    }

    /** The UTF-8 entries of a class file's constant pool (JVMS 4.4), where every class it names is written. */
    private static List<String> constantPoolStrings(Path classFile) {
        List<String> strings = new ArrayList<>();
        try (InputStream in = Files.newInputStream(classFile);
                DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            data.readUnsignedShort(); // major
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(data.readUTF());
                    case 7, 8, 16, 19, 20 -> data.readUnsignedShort();
                    case 15 -> {
                        data.readUnsignedByte();
                        data.readUnsignedShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.readInt();
                    case 5, 6 -> {
                        data.readLong();
                        i++; // takes two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return strings;
    }
}
