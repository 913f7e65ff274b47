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
 *     downloaded archive), or null when they stay local (a single definition file downloaded)
 * @param archive whether {@code sourceUrl} is an archive the daemon unpacks (its sub-directories are then no
 *     URLs of their own, as a git repository's are, but paths in the unpacked archive)
 */
public record RemoteDefinition(String url, List<DefinitionFile> files, String sourceUrl, boolean archive) {
    public RemoteDefinition {
        files = List.copyOf(files);
    }
}
