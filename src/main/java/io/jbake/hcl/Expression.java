package io.jbake.hcl;

import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.Set;

/**
 * An expression of either syntax (native or JSON). It can be analysed without evaluating it: the
 * variables it reads and the functions it calls are known from the syntax alone, which lets a caller
 * resolve those names lazily, in dependency order, and detect cycles before evaluating.
 */
public interface Expression {

    /**
     * Evaluates the expression in {@code ctx}. Problems are added to {@code diags}; when this adds an error
     * the returned value is a placeholder (usually {@link Value#NULL}) and must not be used. A null context
     * allows no variables and no function calls, and makes JSON strings literal (HCL's nil context).
     */
    Value evaluate(EvalContext ctx, Diagnostics diags);

    /** Where the expression is in its source file. */
    SrcRange range();

    /**
     * Where a diagnostic about this expression as a whole value (e.g. a function argument of the wrong type)
     * points: HCL's {@code StartRange}, such as the opening bracket of a collection or {@code name(} of a call.
     */
    default SrcRange startRange() {
        return range();
    }

    /**
     * The root traversals this expression reads, in source order, without names bound inside it (for
     * expression variables, template for-directive variables).
     */
    List<Traversal> variables();

    /** The names of all functions this expression calls, including nested calls. */
    Set<String> functionNames();
}
