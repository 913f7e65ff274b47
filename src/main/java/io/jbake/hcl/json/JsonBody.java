package io.jbake.hcl.json;

import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.Body;
import io.jbake.hcl.BodyContent;
import io.jbake.hcl.BodySchema;
import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.DidYouMean;
import io.jbake.hcl.SrcRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A body written in JSON, read as HCL's JSON syntax defines: a property is an attribute or a block according
 * to the schema; a block's labels are nested object keys, one level per label; an array of objects gives
 * several blocks (or several label sets); properties named "//" are comments.
 */
final class JsonBody implements Body {

    private final JsonNode value;
    private final Set<String> hidden;

    JsonBody(JsonNode value) {
        this(value, Set.of());
    }

    private JsonBody(JsonNode value, Set<String> hidden) {
        this.value = value;
        this.hidden = hidden;
    }

    @Override
    public SrcRange missingItemRange() {
        if (value instanceof JsonNode.ObjectVal o) {
            return o.closeRange();
        }
        if (value instanceof JsonNode.ArrayVal a) {
            return a.openRange();
        }
        return value.startRange();
    }

    @Override
    public BodyContent content(BodySchema schema, Diagnostics diags) {
        PartialContent partial = partialContent(schema, diags);
        Set<String> used = ((JsonBody) partial.remain()).hidden;
        List<String> suggestions = new ArrayList<>();
        for (BodySchema.AttributeSchema a : schema.attributes()) {
            if (!used.contains(a.name())) {
                suggestions.add(a.name());
            }
        }
        for (BodySchema.BlockHeaderSchema b : schema.blocks()) {
            suggestions.add(b.type());
        }
        for (JsonNode.Attr attr : deepAttrs(value, null, diags)) {
            if (attr.name().equals("//") || used.contains(attr.name())) {
                continue;
            }
            String suggestion = DidYouMean.suggest(attr.name(), suggestions);
            diags.add(Diagnostic.error(
                    "Extraneous JSON object property",
                    "No argument or block type is named \"" + attr.name() + "\"."
                            + (suggestion == null ? "" : " Did you mean \"" + suggestion + "\"?"),
                    attr.nameRange(),
                    attr.range()));
        }
        return partial.content();
    }

    @Override
    public PartialContent partialContent(BodySchema schema, Diagnostics diags) {
        Set<String> used = new HashSet<>(hidden);
        Map<String, BodySchema.AttributeSchema> attrSchemas = new HashMap<>();
        Map<String, BodySchema.BlockHeaderSchema> blockSchemas = new HashMap<>();
        schema.attributes().forEach(a -> attrSchemas.put(a.name(), a));
        schema.blocks().forEach(b -> blockSchemas.put(b.type(), b));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        List<Block> blocks = new ArrayList<>();
        for (JsonNode.Attr attr : deepAttrs(value, null, diags)) {
            String name = attr.name();
            if (hidden.contains(name)) {
                continue;
            }
            if (attrSchemas.containsKey(name)) {
                Attribute existing = attrs.get(name);
                if (existing != null) {
                    diags.add(Diagnostic.error(
                            "Duplicate argument",
                            "The argument \"" + name + "\" was already set at " + existing.range() + ".",
                            attr.nameRange(),
                            attr.range()));
                    continue;
                }
                attrs.put(name, new Attribute(name, new JsonExpression(attr.value()), attr.range(), attr.nameRange()));
                used.add(name);
            } else if (blockSchemas.containsKey(name)) {
                BodySchema.BlockHeaderSchema bs = blockSchemas.get(name);
                unpackBlock(
                        attr.value(),
                        name,
                        attr.nameRange(),
                        bs.labelNames(),
                        new ArrayList<>(),
                        new ArrayList<>(),
                        blocks,
                        diags);
                used.add(name);
            }
        }
        for (BodySchema.AttributeSchema a : schema.attributes()) {
            if (a.required() && !attrs.containsKey(a.name())) {
                diags.add(Diagnostic.error(
                        "Missing required argument",
                        "The argument \"" + a.name() + "\" is required, but no definition was found.",
                        missingItemRange()));
            }
        }
        return new PartialContent(new BodyContent(attrs, blocks, missingItemRange()), new JsonBody(value, used));
    }

    @Override
    public Map<String, Attribute> justAttributes(Diagnostics diags) {
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        if (!(value instanceof JsonNode.ObjectVal obj)) {
            diags.add(Diagnostic.error(
                    "Incorrect JSON value type",
                    "A JSON object is required here, setting the " + "arguments for this block.",
                    value.startRange()));
            return attrs;
        }
        for (JsonNode.Attr attr : obj.attrs()) {
            String name = attr.name();
            if (name.equals("//") || hidden.contains(name)) {
                continue;
            }
            Attribute existing = attrs.get(name);
            if (existing != null) {
                diags.add(Diagnostic.error(
                        "Duplicate attribute definition",
                        "The argument \"" + name + "\" was already set at " + existing.range() + ".",
                        attr.nameRange()));
                continue;
            }
            attrs.put(name, new Attribute(name, new JsonExpression(attr.value()), attr.range(), attr.nameRange()));
        }
        return attrs;
    }

    private void unpackBlock(
            JsonNode v,
            String type,
            SrcRange typeRange,
            List<String> labelsLeft,
            List<String> labels,
            List<SrcRange> labelRanges,
            List<Block> out,
            Diagnostics diags) {
        if (!labelsLeft.isEmpty()) {
            String labelName = labelsLeft.get(0);
            List<JsonNode.Attr> attrs = deepAttrs(v, labelName, diags);
            if (attrs.isEmpty()) {
                diags.add(Diagnostic.error(
                        "Missing block label",
                        "At least one object property is required, whose " + "name represents the " + type + " block's "
                                + labelName + ".",
                        v.startRange()));
                return;
            }
            for (JsonNode.Attr attr : attrs) {
                List<String> l = new ArrayList<>(labels);
                l.add(attr.name());
                List<SrcRange> r = new ArrayList<>(labelRanges);
                r.add(attr.nameRange());
                unpackBlock(attr.value(), type, typeRange, labelsLeft.subList(1, labelsLeft.size()), l, r, out, diags);
            }
            return;
        }
        if (v instanceof JsonNode.NullVal) {
            return;
        }
        if (v instanceof JsonNode.ObjectVal o) {
            out.add(new Block(type, labels, new JsonBody(o), typeRange, labelRanges, o.openRange(), o.closeRange()));
        } else if (v instanceof JsonNode.ArrayVal a) {
            for (JsonNode element : a.values()) {
                out.add(new Block(
                        type, labels, new JsonBody(element), typeRange, labelRanges, a.openRange(), a.openRange()));
            }
        } else {
            diags.add(Diagnostic.error(
                    "Incorrect JSON value type",
                    "Either a JSON object or a JSON array is required, " + "representing the contents of one or more \""
                            + type + "\" blocks.",
                    v.startRange()));
        }
    }

    /** The properties of an object, or of every object in an array (HCL's "deep attributes"). */
    private static List<JsonNode.Attr> deepAttrs(JsonNode v, String labelName, Diagnostics diags) {
        List<JsonNode.Attr> attrs = new ArrayList<>();
        if (v instanceof JsonNode.ObjectVal o) {
            attrs.addAll(o.attrs());
        } else if (v instanceof JsonNode.ArrayVal a) {
            for (JsonNode element : a.values()) {
                if (element instanceof JsonNode.ObjectVal o) {
                    attrs.addAll(o.attrs());
                } else if (labelName != null) {
                    diags.add(Diagnostic.error(
                            "Incorrect JSON value type",
                            "A JSON object is required here, to " + "specify " + labelName + " labels for this block.",
                            element.startRange()));
                } else {
                    diags.add(Diagnostic.error(
                            "Incorrect JSON value type",
                            "A JSON object is required here, to define " + "arguments and child blocks.",
                            element.startRange()));
                }
            }
        } else if (!(v instanceof JsonNode.NullVal)) {
            if (labelName != null) {
                diags.add(Diagnostic.error(
                        "Incorrect JSON value type",
                        "Either a JSON object or JSON array of objects " + "is required here, to specify " + labelName
                                + " labels for this block.",
                        v.startRange()));
            } else {
                diags.add(Diagnostic.error(
                        "Incorrect JSON value type",
                        "Either a JSON object or JSON array of objects "
                                + "is required here, to define arguments and child blocks.",
                        v.startRange()));
            }
        }
        return attrs;
    }
}
