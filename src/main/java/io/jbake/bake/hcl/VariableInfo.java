package io.jbake.bake.hcl;

import io.jbake.go.GoJson;

/**
 * What {@code --list=variables} shows for one {@code variable} block.
 *
 * @param name variable name
 * @param description its {@code description}, {@code ""} when unset
 * @param type friendly name of its {@code type} constraint, {@code ""} when untyped
 * @param value the resolved value as text, {@code null} when the value is null
 */
public record VariableInfo(String name, String description, String type, String value) implements GoJson.JsonWritable {

    @Override
    public void writeJson(GoJson json) {
        json.beginObject();
        json.field("name", name);
        json.fieldOmitEmpty("description", description);
        json.fieldOmitEmpty("type", type);
        if (value != null) {
            json.field("value", value);
        }
        json.endObject();
    }
}
