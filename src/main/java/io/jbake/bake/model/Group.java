package io.jbake.bake.model;

import io.jbake.go.GoJson;
import java.util.List;

/**
 * A {@code group} block: a named list of targets and groups.
 *
 * @param name group name
 * @param description human description, {@code ""} when unset
 * @param targets member names, in definition order; a member may be a group or a target
 */
public record Group(String name, String description, List<String> targets) implements GoJson.JsonWritable {

    public Group {
        targets = List.copyOf(targets);
    }

    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        json.fieldOmitEmpty("description", description);
        json.field("targets", targets);
        json.endObject();
    }
}
