package io.jbake.buildkit.filesync;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns I/O failures into one-line messages for people ("path: permission denied"), never stack traces. */
final class Failures {
    private Failures() {}

    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return ((FileSystemException) e).getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return ((FileSystemException) e).getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return ((FileSystemException) e).getFile() + ": not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return ((FileSystemException) e).getFile() + ": file exists";
        }
        if (e instanceof FileSystemException) {
            FileSystemException fse = (FileSystemException) e;
            return fse.getFile() + ": "
                    + (fse.getReason() == null ? fse.getClass().getSimpleName() : fse.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
