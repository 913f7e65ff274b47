package io.jbake.hcl;

import java.util.Map;

/**
 * The content of a file or of a block, independent of its syntax (native HCL or JSON). As in HCL, the
 * content is read through a {@link BodySchema}, because JSON cannot tell a block from an attribute by itself.
 * Problems (unexpected items, missing required ones, wrong labels) are added to the given diagnostics with
 * HCL's wording; the returned content then holds whatever could be read.
 */
public interface Body {

    /** Reads the items the schema names and reports every other item as unsupported. */
    BodyContent content(BodySchema schema, Diagnostics diags);

    /**
     * Reads the items the schema names and returns, besides them, a body holding only the items not yet
     * read, so that several readers can take their part of one body in turn.
     */
    PartialContent partialContent(BodySchema schema, Diagnostics diags);

    /** Reads every (remaining) item as an attribute, in source order; blocks are reported as unexpected. */
    Map<String, Attribute> justAttributes(Diagnostics diags);

    /** Where to report an item that is missing from this body. */
    SrcRange missingItemRange();

    /** The result of {@link #partialContent}. */
    record PartialContent(BodyContent content, Body remain) {}
}
