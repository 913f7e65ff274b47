package io.jbake.hcl;

import java.util.List;

/**
 * What a caller expects in a body: which attribute names (and whether each is required) and which block
 * types with which label names. JSON bodies need this to tell blocks from attributes at all, so every
 * body is read through a schema ({@link Body#content}) or as plain attributes ({@link Body#justAttributes}).
 */
public record BodySchema(List<AttributeSchema> attributes, List<BlockHeaderSchema> blocks) {

    public BodySchema {
        attributes = List.copyOf(attributes);
        blocks = List.copyOf(blocks);
    }

    public record AttributeSchema(String name, boolean required) {}

    public record BlockHeaderSchema(String type, List<String> labelNames) {
        public BlockHeaderSchema {
            labelNames = List.copyOf(labelNames);
        }
    }
}
