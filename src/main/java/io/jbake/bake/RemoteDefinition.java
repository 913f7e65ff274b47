package io.jbake.bake;

import io.jbake.bake.model.DefinitionFile;
import java.util.List;

/**
 * A definition the builder fetched from a URL (the first positional argument) and the source its targets'
 * relative contexts then come from.
 *
 * @param url the definition's URL as given
 * @param files the definition files read in its source, in the order read
 * @param sourceUrl the URL whose contents the targets' relative contexts are in (a git repository, an
 *     unpacked archive), or null when they stay local (a single definition file downloaded)
 */
public record RemoteDefinition(String url, List<DefinitionFile> files, String sourceUrl) {
    public RemoteDefinition {
        files = List.copyOf(files);
    }
}
