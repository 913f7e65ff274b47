package io.jbake.fuzz;

import java.util.List;
import java.util.Random;

/**
 * The one mutation engine of jbake's fuzz tests: from a valid bake file (HCL, JSON or compose YAML) it makes a
 * near miss, by 1 to 4 edits of the kinds a person makes or a tool gets wrong: characters that matter to the
 * scanners, fragments of the three syntaxes, lines deleted, doubled or swapped, numbers and names swapped for
 * odd ones, a span of another file spliced in. An input grows by at most a few hundred characters, so nothing
 * it makes is large (sizes are the business of the evaluator's limits, not of this engine).
 */
public final class Mutator {
    /** Characters that matter to the scanners and parsers, plus some that no syntax uses. */
    static final String ALPHABET = "{}[]()\"'`$%~=<>!&|+-*/.,:;?#\\\n\t abc019_\u00e9\u201c\uFFFD";

    /** Pieces of HCL, JSON and YAML syntax, bake's words and edge values, inserted whole. */
    private static final List<String> FRAGMENTS = List.of(
            "${",
            "}",
            "%{",
            "%{ if true }",
            "%{ else }",
            "%{ endif }",
            "%{ for x in [1, 2] }",
            "%{ endfor }",
            "~}",
            "${ x }",
            "$${",
            "%%{",
            "[for k, v in {a = 1} : v]",
            "{for k in [\"a\"] : k => k}",
            "[*]",
            ".*",
            "...",
            " ? ",
            " : ",
            " => ",
            " == ",
            " && ",
            " || ",
            "!",
            "-",
            "null",
            "true",
            "false",
            "0",
            "-1",
            "1.5",
            "1e3",
            "0x10",
            "99999999999999999999",
            "\"\"",
            "\"\\u00e9\"",
            "\"\\n\"",
            "<<EOT\nx\nEOT\n",
            "<<-EOT\n  y\n  EOT\n",
            "# c\n",
            "// c\n",
            "/* c */",
            "/*",
            "\n",
            "=",
            "[",
            "]",
            "{",
            "}",
            "(",
            ")",
            ",",
            "inherits = [\"app\"]\n",
            "inherits = [\"nope\"]\n",
            "target \"x\" {}\n",
            "group \"default\" { targets = [\"x\"] }\n",
            "matrix = { v = [\"a\", \"b\"] }\n",
            "name = \"n-${v}\"\n",
            "context = \"target:app\"\n",
            "contexts = { base = \"target:app\" }\n",
            "variable \"V\" {}\n",
            "function \"f\" { params = [] result = 1 }\n",
            "tags = [\"a:${V}\"]\n",
            "args = { A = null }\n",
            "platforms = []\n",
            "output = [\"type=local\"]\n",
            "upper(",
            "join(\",\", [])",
            "length(",
            "format(\"%s\", ",
            "lookup({}, \"k\")",
            "split(\",\", \"a\")",
            "\"target\": {",
            "\"variable\": {",
            "\"default\":",
            "\"group\": {\"g\": {\"targets\": [\"app\"]}}",
            ": [",
            "services:\n",
            "  build:\n",
            "    context: .\n",
            "    args:\n",
            "      - A=1\n",
            "x-bake:\n",
            "  - ",
            ": ",
            "${VAR:-d}",
            "${VAR:?missing}",
            "${VAR-}",
            "$$",
            "&a ",
            "*a",
            "<<: *a\n",
            "!!str ",
            "---\n",
            "? ",
            "|\n",
            ">-\n",
            "\t",
            "  ",
            "\u00a0",
            "\u200b",
            "\r",
            "\uFEFF");

    private static final List<String> NUMBERS = List.of(
            "0", "-0", "-1", "1.5", "1e400", "-1e400", "9007199254740993", "99999999999999999999", "1e-400", "0.1");

    private static final List<String> NAMES = List.of(
            "app",
            "default",
            "base",
            "x",
            "v",
            "item",
            "key",
            "value",
            "var",
            "target",
            "group",
            "variable",
            "function",
            "matrix",
            "name",
            "inherits",
            "tags",
            "args",
            "null",
            "true",
            "each",
            "count",
            "_",
            "a-b",
            "a.b",
            "\u00e9t\u00e9");

    /** Most characters a splice takes from another file. */
    private static final int MAX_SPAN = 200;

    private Mutator() {}

    /** {@code source} after 1 to 4 random edits. */
    public static String mutate(String source, Random random) {
        return mutate(source, random, List.of());
    }

    /** {@code source} after 1 to 4 random edits, of which splices take spans of the {@code donors}. */
    public static String mutate(String source, Random random, List<String> donors) {
        StringBuilder sb = new StringBuilder(source);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> editCharacter(sb, random);
                case 3, 4 -> sb.insert(random.nextInt(sb.length() + 1), pick(FRAGMENTS, random));
                case 5 -> editLine(sb, random);
                case 6 -> deleteSpan(sb, random);
                case 7 -> replaceWord(sb, random, Character::isDigit, NUMBERS);
                case 8 -> replaceWord(sb, random, Character::isLetter, NAMES);
                default -> splice(sb, random, donors.isEmpty() ? source : pick(donors, random));
            }
        }
        return sb.toString();
    }

    private static void editCharacter(StringBuilder sb, Random random) {
        int at = random.nextInt(sb.length() + 1);
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        switch (random.nextInt(3)) {
            case 0 -> sb.insert(at, c);
            case 1 -> {
                if (at < sb.length()) {
                    sb.deleteCharAt(at);
                }
            }
            default -> {
                if (at < sb.length()) {
                    sb.setCharAt(at, c);
                }
            }
        }
    }

    /** Deletes, doubles or swaps whole lines (or moves one), the edits that break block structure. */
    private static void editLine(StringBuilder sb, Random random) {
        int[] line = lineAt(sb, random.nextInt(sb.length() + 1));
        String text = sb.substring(line[0], line[1]);
        switch (random.nextInt(4)) {
            case 0 -> sb.delete(line[0], line[1]);
            case 1 -> sb.insert(line[0], text);
            default -> {
                int[] other = lineAt(sb, random.nextInt(sb.length() + 1));
                if (other[0] == line[0]) {
                    return;
                }
                String otherText = sb.substring(other[0], other[1]);
                // the later line first, so the earlier one's offsets still hold
                int[] first = other[0] < line[0] ? other : line;
                int[] second = other[0] < line[0] ? line : other;
                String firstText = first == line ? text : otherText;
                String secondText = first == line ? otherText : text;
                sb.replace(second[0], second[1], random.nextBoolean() ? firstText : "");
                sb.replace(first[0], first[1], secondText);
            }
        }
    }

    /** The line around {@code at}: its start and its end after its line break. */
    private static int[] lineAt(CharSequence sb, int at) {
        int start = at;
        while (start > 0 && sb.charAt(start - 1) != '\n') {
            start--;
        }
        int end = at;
        while (end < sb.length() && sb.charAt(end) != '\n') {
            end++;
        }
        return new int[] {start, Math.min(end + 1, sb.length())};
    }

    private static void deleteSpan(StringBuilder sb, Random random) {
        int at = random.nextInt(sb.length() + 1);
        sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(MAX_SPAN / 4)));
    }

    /** Replaces the run of characters at a random place that {@code part} accepts by one of {@code words}. */
    private static void replaceWord(
            StringBuilder sb, Random random, java.util.function.IntPredicate part, List<String> words) {
        int from = random.nextInt(sb.length() + 1);
        int start = from;
        while (start < sb.length() && !part.test(sb.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < sb.length() && (part.test(sb.charAt(end)) || Character.isDigit(sb.charAt(end)))) {
            end++;
        }
        sb.replace(start, end, pick(words, random));
    }

    private static void splice(StringBuilder sb, Random random, String donor) {
        int from = random.nextInt(donor.length() + 1);
        int to = Math.min(donor.length(), from + random.nextInt(MAX_SPAN));
        sb.insert(random.nextInt(sb.length() + 1), donor, from, to);
    }

    static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
