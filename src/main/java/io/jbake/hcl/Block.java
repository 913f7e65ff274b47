package io.jbake.hcl;

import java.util.List;

/**
 * A block: a type name, zero or more labels and a nested body, e.g. {@code target "app" { ... }}.
 * The ranges let diagnostics point at the part of the header they concern; for JSON bodies the brace
 * ranges are those of the JSON object holding the block's content.
 */
public record Block(
        String type,
        List<String> labels,
        Body body,
        SrcRange typeRange,
        List<SrcRange> labelRanges,
        SrcRange openBraceRange,
        SrcRange closeBraceRange) {

    public Block {
        labels = List.copyOf(labels);
        labelRanges = List.copyOf(labelRanges);
    }

    /** The block header, from the type name to the last label: where HCL reports block-level problems. */
    public SrcRange defRange() {
        return SrcRange.between(typeRange, labelRanges.isEmpty() ? typeRange : labelRanges.get(labelRanges.size() - 1));
    }

    /** The whole block, header and body. */
    public SrcRange range() {
        return SrcRange.between(typeRange, closeBraceRange);
    }
}
