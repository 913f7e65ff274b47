package io.jbake.hcl;

import io.jbake.hcl.value.Value;
import java.util.List;

/**
 * A static reference path: a root name followed by attribute and index steps, e.g. {@code target.app.tags[0]}.
 * Expressions list the traversals they read ({@link Expression#variables()}) so that a caller can resolve
 * exactly those roots before evaluating, and report a problem at the referencing range.
 */
public record Traversal(List<Step> steps) {

    public Traversal {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof Root)) {
            throw new IllegalArgumentException("a traversal starts with its root name");
        }
    }

    /** One step of a traversal. */
    public sealed interface Step permits Root, Attr, Index {
        SrcRange range();
    }

    /** The variable name a traversal starts from. */
    public record Root(String name, SrcRange range) implements Step {}

    /** {@code .name} */
    public record Attr(String name, SrcRange range) implements Step {}

    /** {@code [key]} with a constant key, or the legacy {@code .0} form. */
    public record Index(Value key, SrcRange range) implements Step {}

    public String rootName() {
        return ((Root) steps.get(0)).name();
    }

    public SrcRange rootRange() {
        return steps.get(0).range();
    }

    public SrcRange range() {
        return SrcRange.between(
                steps.get(0).range(), steps.get(steps.size() - 1).range());
    }

    /** This traversal with one more step. */
    public Traversal append(Step step) {
        Step[] all = steps.toArray(new Step[steps.size() + 1]);
        all[all.length - 1] = step;
        return new Traversal(List.of(all));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Step step : steps) {
            if (step instanceof Root r) {
                sb.append(r.name());
            } else if (step instanceof Attr a) {
                sb.append('.').append(a.name());
            } else if (step instanceof Index i) {
                sb.append('[').append(i.key()).append(']');
            }
        }
        return sb.toString();
    }
}
