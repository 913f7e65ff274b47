package io.jbake.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One generated jbake command: the files it finds in its working directory, its arguments, environment and
 * stdin.
 *
 * @param name where it comes from ({@code spec:vars/typed#3}, {@code hcl}, {@code json+compose}, ...)
 * @param template a directory whose files are there too (a spec case's inputs), or null for an empty one
 * @param files the files written over the template's (name relative to the working directory, content)
 */
public record FuzzInput(
        String name,
        Path template,
        Map<String, String> files,
        List<String> args,
        Map<String, String> env,
        String stdin) {

    /** What to look at to reproduce it: everything it is made of, the files' text verbatim. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("input ")
                .append(name)
                .append(template == null ? "" : " (over " + template + ")")
                .append("\nargs: ")
                .append(args)
                .append("\nenv: ")
                .append(env)
                .append('\n');
        files.forEach((file, content) -> out.append("--- ")
                .append(file)
                .append(" ---\n")
                .append(content)
                .append(content.endsWith("\n") ? "" : "\n(no final newline)\n"));
        if (!stdin.isEmpty()) {
            out.append("--- stdin ---\n").append(stdin).append('\n');
        }
        return out.toString();
    }
}
