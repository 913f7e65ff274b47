package io.jbake.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written whole or not at all: a temporary file beside it, renamed over it, so that a reader (another
 * process, a second bake ending at once) sees the old file or the new one, never half of one.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /**
     * Writes {@code text} as UTF-8 to {@code file}, whose directory exists.
     *
     * @param permissions the file's permissions, as {@link PosixFilePermissions#fromString} reads them
     */
    public static void write(Path file, String text, String permissions) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(permissions));
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
