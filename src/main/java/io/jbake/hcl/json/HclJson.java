package io.jbake.hcl.json;

import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.HclFile;
import io.jbake.hcl.syntax.SourceText;

/**
 * Entry point of the JSON syntax (HCL's JSON flavour, e.g. docker-bake.json). The resulting body is read
 * through a schema like a native one; its expressions treat strings as templates.
 */
public final class HclJson {

    private HclJson() {}

    public static HclFile parseFile(byte[] src, String filename) {
        return parse(SourceText.of(filename, src));
    }

    public static HclFile parseFile(String src, String filename) {
        return parse(SourceText.of(filename, src));
    }

    private static HclFile parse(SourceText text) {
        Diagnostics diags = new Diagnostics();
        JsonNode root = JsonParser.parse(text, diags);
        return new HclFile(text.filename, new JsonBody(root), diags);
    }
}
