package io.jbake.buildkit.filesync;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jbake.buildkit.proto.fsutil.Packet;
import io.jbake.buildkit.proto.fsutil.Packet.PacketType;
import io.jbake.buildkit.proto.fsutil.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The receiving side of a DiffCopy for the {@code local} exporter: the daemon lists the result (fsutil
 * STAT packets in canonical order, an empty STAT at the end), jbake requests every regular file, writes
 * the DATA chunks, and sends FIN once the listing has ended and every requested file is complete; the
 * daemon's FIN ends the call. Output is merged into {@code dest} like buildx does: existing files not in
 * the result stay.
 *
 * <p>Every path must be clean, relative and inside {@code dest}, and its parent must be a directory of
 * this same transfer, so neither {@code ..} nor a symlink from the result can lead a write outside
 * {@code dest}. Files get their permission bits and modification time; owners are the current user.
 * Device nodes and named pipes are skipped (the JDK cannot create them); setuid/setgid/sticky bits are
 * not applied.
 */
final class DirectoryReceiver implements StreamObserver<byte[]> {
    private record Requested(Path file, Stat stat) {}

    private final Path dest;
    private final boolean deleteStale;
    /** Every path the result lists (for {@code deleteStale}). */
    private final Set<String> listedPaths = new HashSet<>();

    private final StreamObserver<byte[]> response;
    private final Set<String> directories = new HashSet<>();
    private final Set<String> regularFiles = new HashSet<>();
    private final List<Map.Entry<Path, Stat>> directoryStats = new ArrayList<>();
    private final Map<Integer, Requested> requested = new HashMap<>();
    private final Map<Integer, FileChannel> open = new HashMap<>();
    private int nextId;
    private boolean listed;
    private boolean finSent;
    private boolean ended;

    DirectoryReceiver(Path dest, StreamObserver<byte[]> response) {
        this(dest, false, response);
    }

    /** @param deleteStale whether files of {@code dest} the result lacks are deleted once it arrived */
    DirectoryReceiver(Path dest, boolean deleteStale, StreamObserver<byte[]> response) {
        this.deleteStale = deleteStale;
        this.dest = dest;
        this.response = response;
        directories.add("");
        try {
            Files.createDirectories(dest);
        } catch (IOException e) {
            fail(Status.UNKNOWN.withDescription("failed to create " + dest + ": " + Failures.describe(e)));
        }
    }

    @Override
    public void onNext(byte[] message) {
        if (ended) {
            return;
        }
        try {
            Packet packet = Packet.parseFrom(message);
            switch (packet.getType()) {
                case PACKET_STAT:
                    if (packet.hasStat()) {
                        receiveStat(packet.getStat());
                    } else {
                        listed = true;
                        finishIfComplete();
                    }
                    break;
                case PACKET_DATA:
                    receiveData(packet);
                    break;
                case PACKET_FIN:
                    end();
                    break;
                case PACKET_ERR:
                    fail(Status.UNKNOWN.withDescription(
                            "error from sender: " + packet.getData().toStringUtf8()));
                    break;
                default:
                    break;
            }
        } catch (InvalidProtocolBufferException e) {
            fail(Status.INVALID_ARGUMENT.withDescription("malformed export packet"));
        } catch (IOException e) {
            fail(Status.UNKNOWN.withDescription(Failures.describe(e)));
        } catch (InvalidTransferException e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
    }

    private void receiveStat(Stat stat) throws IOException, InvalidTransferException {
        int id = nextId++;
        String path = stat.getPath();
        if (!SlashPaths.isContained(path)) {
            throw new InvalidTransferException("invalid path in export: \"" + path + "\"");
        }
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        if (!directories.contains(parent)) {
            throw new InvalidTransferException("export lists \"" + path + "\" before its directory");
        }
        Path file = dest.resolve(path);
        listedPaths.add(path);
        int mode = stat.getMode();
        if (FileModes.isDirectory(mode)) {
            if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(file);
                Files.createDirectory(file);
            }
            directories.add(path);
            directoryStats.add(Map.entry(file, stat));
        } else if (FileModes.isSymlink(mode)) {
            replaceWith(file);
            Files.createSymbolicLink(file, Path.of(stat.getLinkname()));
        } else if (FileModes.isRegular(mode) && !stat.getLinkname().isEmpty()) {
            String target = stat.getLinkname();
            if (!regularFiles.contains(target)) {
                throw new InvalidTransferException("invalid hard link target in export: \"" + target + "\"");
            }
            replaceWith(file);
            Files.createLink(file, dest.resolve(target));
            regularFiles.add(path);
        } else if (FileModes.isRegular(mode)) {
            replaceWith(file);
            Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
                    .close();
            regularFiles.add(path);
            requested.put(id, new Requested(file, stat));
            send(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build());
        }
    }

    private void receiveData(Packet packet) throws IOException, InvalidTransferException {
        Requested file = requested.get(packet.getID());
        if (file == null) {
            throw new InvalidTransferException("invalid file request " + Integer.toUnsignedString(packet.getID()));
        }
        if (packet.getData().isEmpty()) {
            FileChannel channel = open.remove(packet.getID());
            if (channel != null) {
                channel.close();
            }
            requested.remove(packet.getID());
            applyMetadata(file.file(), file.stat());
            finishIfComplete();
            return;
        }
        FileChannel channel = open.get(packet.getID());
        if (channel == null) {
            channel = FileChannel.open(file.file(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            open.put(packet.getID(), channel);
        }
        for (ByteBuffer buffer : packet.getData().asReadOnlyByteBufferList()) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Removes whatever is at {@code file} (a merge replaces entries); a directory in the way must be empty. */
    private static void replaceWith(Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (DirectoryNotEmptyException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "a non-empty directory is in the way");
        }
    }

    private void finishIfComplete() throws IOException {
        if (!listed || !requested.isEmpty() || finSent) {
            return;
        }
        if (deleteStale) {
            deleteUnlisted();
        }
        // directories last and deepest first: writing their children changed their times
        for (int i = directoryStats.size() - 1; i >= 0; i--) {
            applyMetadata(directoryStats.get(i).getKey(), directoryStats.get(i).getValue());
        }
        finSent = true;
        send(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    }

    /**
     * {@code mode=delete}: removes what {@code dest} holds beyond the result, as fsutil's receiver does without
     * merging (children before their directory; symlinks removed, never followed).
     */
    private void deleteUnlisted() throws IOException {
        List<Path> stale = new ArrayList<>();
        try (java.util.stream.Stream<Path> paths = Files.walk(dest)) {
            paths.filter(p -> !p.equals(dest))
                    .filter(p ->
                            !listedPaths.contains(dest.relativize(p).toString().replace('\\', '/')))
                    .forEach(stale::add);
        }
        stale.sort(java.util.Comparator.reverseOrder());
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }

    private static void applyMetadata(Path file, Stat stat) throws IOException {
        Files.setPosixFilePermissions(file, permissions(stat.getMode()));
        Files.setLastModifiedTime(file, FileTime.from(stat.getModTime(), TimeUnit.NANOSECONDS));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    private void send(Packet packet) {
        response.onNext(packet.toByteArray());
    }

    @Override
    public void onError(Throwable t) {
        closeFiles();
        ended = true;
    }

    @Override
    public void onCompleted() {
        if (!ended && !finSent) {
            fail(Status.UNKNOWN.withDescription("export ended before all files arrived"));
            return;
        }
        end();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        closeFiles();
        response.onCompleted();
    }

    private void fail(Status status) {
        if (ended) {
            return;
        }
        ended = true;
        closeFiles();
        if (!finSent) {
            send(Packet.newBuilder()
                    .setType(PacketType.PACKET_ERR)
                    .setData(ByteString.copyFromUtf8(status.getDescription()))
                    .build());
        }
        response.onError(status.asRuntimeException());
    }

    private void closeFiles() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                // the transfer failed already
            }
        }
        open.clear();
    }

    /** The daemon sent something a correct fsutil sender never sends. */
    private static final class InvalidTransferException extends Exception {
        InvalidTransferException(String message) {
            super(message);
        }
    }
}
