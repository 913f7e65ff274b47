package io.jbake.hcl.syntax;

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
 * A native syntax body: attributes (unique names, source order) and blocks (source order). A body
 * returned as the remainder of {@link #partialContent} shares the items and hides those already read.
 */
public final class SyntaxBody implements Body {

    private final Map<String, Attribute> attributes;
    private final List<Block> blocks;
    private final Set<String> hiddenAttributes;
    private final Set<String> hiddenBlocks;
    private final SrcRange range;
    private final SrcRange endRange;

    SyntaxBody(Map<String, Attribute> attributes, List<Block> blocks, SrcRange range, SrcRange endRange) {
        this(attributes, blocks, Set.of(), Set.of(), range, endRange);
    }

    private SyntaxBody(
            Map<String, Attribute> attributes,
            List<Block> blocks,
            Set<String> hiddenAttributes,
            Set<String> hiddenBlocks,
            SrcRange range,
            SrcRange endRange) {
        this.attributes = attributes;
        this.blocks = blocks;
        this.hiddenAttributes = hiddenAttributes;
        this.hiddenBlocks = hiddenBlocks;
        this.range = range;
        this.endRange = endRange;
    }

    /** All attributes as written, in source order, whether or not already read through a schema. */
    public Map<String, Attribute> attributes() {
        return java.util.Collections.unmodifiableMap(attributes);
    }

    /** All blocks as written, in source order. */
    public List<Block> blocks() {
        return java.util.Collections.unmodifiableList(blocks);
    }

    public SrcRange range() {
        return range;
    }

    /** The zero-length range just after the body's last token. */
    public SrcRange endRange() {
        return endRange;
    }

    @Override
    public SrcRange missingItemRange() {
        return range.startOnly();
    }

    @Override
    public BodyContent content(BodySchema schema, Diagnostics diags) {
        PartialContent partial = partialContent(schema, diags);
        SyntaxBody remain = (SyntaxBody) partial.remain();
        BodyContent content = partial.content();
        for (Attribute attr : attributes.values()) {
            if (remain.hiddenAttributes.contains(attr.name())) {
                continue;
            }
            List<String> candidates = new ArrayList<>();
            for (BodySchema.AttributeSchema s : schema.attributes()) {
                if (!content.attributes().containsKey(s.name())) {
                    candidates.add(s.name());
                }
            }
            String suggestion = DidYouMean.suggest(attr.name(), candidates);
            String hint = "";
            if (suggestion != null) {
                hint = " Did you mean \"" + suggestion + "\"?";
            } else if (schema.blocks().stream().anyMatch(b -> b.type().equals(attr.name()))) {
                hint = " Did you mean to define a block of type \"" + attr.name() + "\"?";
            }
            diags.add(Diagnostic.error(
                    "Unsupported argument",
                    "An argument named \"" + attr.name() + "\" is not expected here." + hint,
                    attr.nameRange()));
        }
        for (Block block : blocks) {
            if (remain.hiddenBlocks.contains(block.type())) {
                continue;
            }
            List<String> candidates = schema.blocks().stream()
                    .map(BodySchema.BlockHeaderSchema::type)
                    .toList();
            String suggestion = DidYouMean.suggest(block.type(), candidates);
            String hint = "";
            if (suggestion != null) {
                hint = " Did you mean \"" + suggestion + "\"?";
            } else if (schema.attributes().stream().anyMatch(a -> a.name().equals(block.type()))) {
                hint = " Did you mean to define argument \"" + block.type()
                        + "\"? If so, use the equals sign to assign it a value.";
            }
            diags.add(Diagnostic.error(
                    "Unsupported block type",
                    "Blocks of type \"" + block.type() + "\" are not expected here." + hint,
                    block.typeRange()));
        }
        return content;
    }

    @Override
    public PartialContent partialContent(BodySchema schema, Diagnostics diags) {
        Set<String> hiddenAttrs = new HashSet<>(hiddenAttributes);
        Set<String> hiddenBlks = new HashSet<>(hiddenBlocks);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (BodySchema.AttributeSchema s : schema.attributes()) {
            Attribute attr = attributes.get(s.name());
            if (attr == null || hiddenAttrs.contains(s.name())) {
                if (s.required()) {
                    diags.add(Diagnostic.error(
                            "Missing required argument",
                            "The argument \"" + s.name() + "\" is required, but no definition was found.",
                            missingItemRange()));
                }
                continue;
            }
            hiddenAttrs.add(s.name());
            attrs.put(s.name(), attr);
        }
        Map<String, BodySchema.BlockHeaderSchema> wanted = new HashMap<>();
        for (BodySchema.BlockHeaderSchema s : schema.blocks()) {
            wanted.put(s.type(), s);
        }
        List<Block> selected = new ArrayList<>();
        for (Block block : blocks) {
            BodySchema.BlockHeaderSchema s = wanted.get(block.type());
            if (s == null || hiddenBlocks.contains(block.type())) {
                continue;
            }
            if (checkLabels(block, s, diags)) {
                selected.add(block);
            }
        }
        for (BodySchema.BlockHeaderSchema s : schema.blocks()) {
            hiddenBlks.add(s.type());
        }
        SyntaxBody remain = new SyntaxBody(attributes, blocks, hiddenAttrs, hiddenBlks, range, endRange);
        return new PartialContent(new BodyContent(attrs, selected, missingItemRange()), remain);
    }

    /** Reports a label count that does not match the schema, with HCL's wording; true when it matches. */
    static boolean checkLabels(Block block, BodySchema.BlockHeaderSchema schema, Diagnostics diags) {
        List<String> names = schema.labelNames();
        int count = block.labels().size();
        SrcRange context = SrcRange.between(block.typeRange(), block.openBraceRange());
        if (count > names.size()) {
            String name = block.type();
            if (names.isEmpty()) {
                diags.add(Diagnostic.error(
                        "Extraneous label for " + name,
                        "No labels are expected for " + name + " blocks.",
                        block.labelRanges().get(0),
                        context));
            } else {
                diags.add(Diagnostic.error(
                        "Extraneous label for " + name,
                        "Only " + names.size() + " labels (" + String.join(", ", names) + ") are expected for " + name
                                + " blocks.",
                        block.labelRanges().get(names.size()),
                        context));
            }
            return false;
        }
        if (count < names.size()) {
            diags.add(Diagnostic.error(
                    "Missing " + names.get(count) + " for " + block.type(),
                    "All " + block.type() + " blocks must have " + names.size() + " labels (" + String.join(", ", names)
                            + ").",
                    block.openBraceRange(),
                    context));
            return false;
        }
        return true;
    }

    @Override
    public Map<String, Attribute> justAttributes(Diagnostics diags) {
        if (!blocks.isEmpty()) {
            Block example = blocks.get(0);
            diags.add(Diagnostic.error(
                    "Unexpected \"" + example.type() + "\" block",
                    "Blocks are not allowed here.",
                    example.typeRange()));
        }
        Map<String, Attribute> out = new LinkedHashMap<>();
        for (Attribute attr : attributes.values()) {
            if (!hiddenAttributes.contains(attr.name())) {
                out.put(attr.name(), attr);
            }
        }
        return out;
    }
}
