package io.jbake.hcl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An appendable, ordered collection of diagnostics. Parsing and evaluation report problems by adding
 * to one of these rather than by throwing, so that several independent errors can be reported at once.
 */
public final class Diagnostics implements Iterable<Diagnostic> {

    private final List<Diagnostic> items = new ArrayList<>();
    private int errorCount;

    public Diagnostics add(Diagnostic diagnostic) {
        items.add(diagnostic);
        if (diagnostic.isError()) {
            errorCount++;
        }
        return this;
    }

    public Diagnostics addAll(Diagnostics other) {
        for (Diagnostic d : other.items) {
            add(d);
        }
        return this;
    }

    public boolean hasErrors() {
        return errorCount > 0;
    }

    /** The number of errors added so far; comparing two readings tells whether a step added errors. */
    public int errorCount() {
        return errorCount;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int size() {
        return items.size();
    }

    public Diagnostic get(int index) {
        return items.get(index);
    }

    /** The first error, or null when there is none; buildx reports only this one. */
    public Diagnostic firstError() {
        for (Diagnostic d : items) {
            if (d.isError()) {
                return d;
            }
        }
        return null;
    }

    public List<Diagnostic> asList() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public Iterator<Diagnostic> iterator() {
        return asList().iterator();
    }

    /** Throws an {@link HclException} carrying these diagnostics if any of them is an error. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new HclException(this);
        }
    }

    /**
     * The message HCL (and so buildx) gives for a set of diagnostics used as an error: the first one, plus
     * how many others there are: {@code file:1,2-3: Summary; Detail, and 2 other diagnostic(s)}.
     */
    public String errorMessage() {
        if (items.isEmpty()) {
            return "no diagnostics";
        }
        String first = items.get(0).toString();
        return items.size() == 1 ? first : first + ", and " + (items.size() - 1) + " other diagnostic(s)";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : items) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(d);
        }
        return sb.toString();
    }
}
