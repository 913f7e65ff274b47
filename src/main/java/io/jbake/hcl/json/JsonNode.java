package io.jbake.hcl.json;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.syntax.Expr;
import io.jbake.hcl.syntax.HclSyntax;
import io.jbake.hcl.value.BigFloat;
import java.util.List;

/** A JSON value as parsed, with source ranges. */
sealed interface JsonNode
        permits JsonNode.ObjectVal,
                JsonNode.ArrayVal,
                JsonNode.StringVal,
                JsonNode.NumberVal,
                JsonNode.BoolVal,
                JsonNode.NullVal,
                JsonNode.InvalidVal {

    SrcRange range();

    /** Where messages about the whole value point: the opening bracket of a container, else the value. */
    default SrcRange startRange() {
        return range();
    }

    /** A property of an object; names may repeat (blocks are often written that way). */
    record Attr(String name, SrcRange nameRange, JsonNode value) {
        SrcRange range() {
            return SrcRange.between(nameRange, value.range());
        }
    }

    record ObjectVal(List<Attr> attrs, SrcRange range, SrcRange openRange, SrcRange closeRange) implements JsonNode {
        @Override
        public SrcRange startRange() {
            return openRange;
        }
    }

    record ArrayVal(List<JsonNode> values, SrcRange range, SrcRange openRange) implements JsonNode {
        @Override
        public SrcRange startRange() {
            return openRange;
        }
    }

    /**
     * A string. Evaluated with a context it is a template; the parsed template is kept, so repeated
     * evaluation does not parse again.
     */
    final class StringVal implements JsonNode {
        final String value;
        private final SrcRange range;
        private Expr template;
        private Diagnostics templateDiags;

        StringVal(String value, SrcRange range) {
            this.value = value;
            this.range = range;
        }

        @Override
        public SrcRange range() {
            return range;
        }

        /** The string parsed as a template, positioned just after the opening quote (as HCL does). */
        Expr template(Diagnostics diags) {
            if (template == null) {
                templateDiags = new Diagnostics();
                io.jbake.hcl.Pos s = range.start();
                template = HclSyntax.parseTemplate(
                        value,
                        range.filename(),
                        new io.jbake.hcl.Pos(s.line(), s.column() + 1, s.byteOffset() + 1),
                        templateDiags);
            }
            diags.addAll(templateDiags);
            return template;
        }
    }

    record NumberVal(BigFloat value, SrcRange range) implements JsonNode {}

    record BoolVal(boolean value, SrcRange range) implements JsonNode {}

    record NullVal(SrcRange range) implements JsonNode {}

    /** Stands in for a value that failed to parse; the parser has reported it. */
    record InvalidVal(SrcRange range) implements JsonNode {}
}
