package io.jbake.buildkit;

import io.grpc.ServerServiceDefinition;
import io.jbake.buildkit.session.Session;
import io.jbake.buildkit.session.SessionTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sessions that serve the local directories several builds read, as buildx serves them for a bake
 * (see {@link BuildKitClient#shareLocalDirs}); closing it closes them.
 */
public final class SharedLocalDirs implements AutoCloseable {
    private final List<Session> sessions = new ArrayList<>();

    private SharedLocalDirs() {}

    /**
     * Opens the sessions for the directories (one local name, one directory) that several of {@code requests}
     * read, each session serving a local name once, and points those requests at them.
     *
     * @param localDirsService makes the FileSync service that serves a session's directories, by local name
     * @throws io.jbake.buildkit.transport.BuildKitException when a session cannot be opened
     */
    static SharedLocalDirs open(
            Collection<BuildRequest.Builder> requests,
            SessionTransport transport,
            Function<Map<String, Path>, ServerServiceDefinition> localDirsService) {
        Map<Map.Entry<String, Path>, List<BuildRequest.Builder>> readers = new LinkedHashMap<>();
        for (BuildRequest.Builder request : requests) {
            request.localDirs()
                    .forEach((name, dir) -> readers.computeIfAbsent(Map.entry(name, dir), key -> new ArrayList<>())
                            .add(request));
        }
        readers.values().removeIf(builds -> builds.size() < 2);
        List<Map<String, Path>> served = new ArrayList<>();
        for (Map.Entry<String, Path> dir : readers.keySet()) {
            served.stream()
                    .filter(dirs -> !dirs.containsKey(dir.getKey()))
                    .findFirst()
                    .orElseGet(() -> {
                        served.add(new LinkedHashMap<>());
                        return served.get(served.size() - 1);
                    })
                    .put(dir.getKey(), dir.getValue());
        }
        SharedLocalDirs shared = new SharedLocalDirs();
        try {
            for (Map<String, Path> dirs : served) {
                Path first = dirs.values().iterator().next();
                String sharedKey =
                        first.getFileName() == null ? "" : first.getFileName().toString();
                Session session = Session.open(transport, sharedKey, List.of(localDirsService.apply(dirs)));
                shared.sessions.add(session);
                dirs.forEach((name, dir) -> readers.get(Map.entry(name, dir))
                        .forEach(request -> request.localDirFromSession(name, session.id())));
            }
            return shared;
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    /** How many sessions serve shared directories (none when no directory is read by two builds). */
    public int sessions() {
        return sessions.size();
    }

    @Override
    public void close() {
        sessions.forEach(Session::close);
    }
}
