package io.jbake.hcl;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The part of a body selected by a schema: attributes by name (in source order) and blocks in source
 * order. {@code missingItemRange} is where to report an item that should have been there but is not.
 */
public record BodyContent(Map<String, Attribute> attributes, List<Block> blocks, SrcRange missingItemRange) {

    public BodyContent {
        attributes = Collections.unmodifiableMap(attributes);
        blocks = List.copyOf(blocks);
    }
}
