package io.jbake.build;

import io.jbake.bake.RemoteUrls;
import io.jbake.bake.model.CallFunction;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.Target;
import io.jbake.go.GoJson;
import io.jbake.go.RawJson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code docker buildx bake} prints on stdout after a bake in which targets called a frontend method
 * ({@code --call}, {@code --check}, the {@code call} attribute), and the exit code that follows from it.
 *
 * <p>As text, each calling target in name order: its name, its description (when it has one), a blank
 * line, the result ({@link FrontendResults}); a blank line between targets. With {@code --call
 * <method>,format=json}, one JSON document: the {@code --print} document in which each target is
 * {@code {"build": <target>, "<method>": <result>}} ({@code lint} named {@code check}). The exit code is
 * the first non-zero {@code result.statuscode} in name order, unless {@code ignorestatus=true}; a result
 * buildx reports as an error (a lint that hit a build error) makes it 1.
 *
 * <p>Then, for any target whose frontend left a message ({@code frontend.result.inlinemessage}), the
 * message under {@code # <target>}.
 */
public final class CallResults {
    private static final String INLINE_MESSAGE = "frontend.result.inlinemessage";

    private CallResults() {}

    /**
     * Prints the results and returns the exit code.
     *
     * @param resolved the bake's targets and groups, as {@code --print} shows them
     * @param flag the {@code --call} flag (its format and ignorestatus apply to every calling target), or
     *     null when it was not given or was {@code build}
     * @param responses each built target's exporter response, by name ({@link BakeBuild.Report#metadata()})
     */
    public static int print(
            PrintStream out,
            Definition.Resolution resolved,
            CallFunction flag,
            Map<String, Map<String, String>> responses) {
        boolean json = flag != null && flag.json();
        Map<String, Map<String, GoJson.Raw>> jsonResults = new TreeMap<>();
        StringBuilder text = new StringBuilder();
        int exitCode = 0;
        for (Target target : new TreeMap<>(resolved.targets()).values()) {
            CallFunction declared = CallFunction.parse(target.call());
            if (declared == null) {
                continue;
            }
            // the flag's format and ignorestatus win; a target's own call attribute names only the method
            CallFunction call = new CallFunction(
                    declared.name(), flag == null ? "" : flag.format(), flag != null && flag.ignoreStatus());
            Map<String, String> response = responses.getOrDefault(target.name(), Map.of());
            FrontendResults.Printed result = FrontendResults.print(call, response, dockerfileSource(target));
            if (result.error() != null) {
                exitCode = 1;
            } else if (result.status() != 0 && exitCode == 0) {
                exitCode = result.status();
            }
            if (json) {
                jsonResults.put(target.name(), jsonResult(call, result));
                continue;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(target.name()).append('\n');
            if (!target.description().isEmpty()) {
                text.append(target.description()).append('\n');
            }
            text.append('\n').append(result.text());
            if (result.error() != null) {
                text.append("error: ").append(result.error()).append('\n');
            }
        }
        if (json) {
            text.append(jsonDocument(resolved, jsonResults)).append('\n');
        }
        for (String name : new TreeMap<>(responses).keySet()) {
            String message = responses.get(name).get(INLINE_MESSAGE);
            if (message != null) {
                text.append("\n# ").append(name).append('\n').append(message).append('\n');
            }
        }
        out.print(text);
        out.flush();
        return exitCode;
    }

    /**
     * One target's entry of the JSON document, by key: the members of the printed JSON result, and {@code error}
     * when the call failed; a printed result that is no JSON object stands whole under the method's name.
     */
    private static Map<String, GoJson.Raw> jsonResult(CallFunction call, FrontendResults.Printed printed) {
        Map<String, GoJson.Raw> result = new TreeMap<>();
        if (printed.error() != null) {
            result.put("error", new GoJson.Raw(GoJson.quote(printed.error())));
        }
        Map<String, String> members = RawJson.members(printed.text());
        if (members != null) {
            members.forEach((key, json) -> result.put(key, new GoJson.Raw(json)));
        } else {
            result.put(call.name(), new GoJson.Raw(printed.text().strip()));
        }
        return result;
    }

    /** The {@code --print} document with each target's call result beside its definition, indented as Go does. */
    private static String jsonDocument(Definition.Resolution resolved, Map<String, Map<String, GoJson.Raw>> results) {
        Map<String, GoJson.JsonWritable> targets = new LinkedHashMap<>();
        for (Target target : new TreeMap<>(resolved.targets()).values()) {
            Map<String, GoJson.Raw> result = results.get(target.name());
            targets.put(target.name(), json -> {
                json.beginObject();
                json.field("build", target);
                if (result != null) {
                    String method = CallFunction.parse(target.call()).name();
                    json.field(method.equals("lint") ? "check" : method, result);
                }
                json.endObject();
            });
        }
        GoJson.JsonWritable document = json -> {
            json.beginObject();
            json.fieldOmitEmpty("group", new TreeMap<>(resolved.groups()));
            json.field("target", targets);
            json.endObject();
        };
        return GoJson.indent(document);
    }

    /**
     * The Dockerfile's name as buildx shows it in lint excerpts: {@code inline} for {@code dockerfile-inline},
     * else the Dockerfile path joined onto a local context (a remote context's, or an absolute one, as is).
     */
    static String dockerfileSource(Target target) {
        if (target.dockerfileInline() != null) {
            return "inline";
        }
        String dockerfile =
                target.dockerfile() == null || target.dockerfile().isEmpty() ? "Dockerfile" : target.dockerfile();
        String context = target.context() == null ? "." : target.context();
        if (RemoteUrls.isRemote(context) || Path.of(dockerfile).isAbsolute()) {
            return dockerfile;
        }
        String joined = Path.of(context).resolve(dockerfile).normalize().toString();
        return joined.isEmpty() ? "." : joined;
    }
}
