package io.jbake.buildkit.filesync;

/**
 * Conversion between POSIX {@code st_mode} and Go's {@code os.FileMode} bits, which fsutil puts on the wire
 * in {@code Stat.mode}. As a Java int, a directory's mode is negative (bit 31 is Go's ModeDir).
 */
final class FileModes {
    static final int DIR = 0x80000000;
    static final int SYMLINK = 0x08000000;
    static final int DEVICE = 0x04000000;
    static final int NAMED_PIPE = 0x02000000;
    static final int SOCKET = 0x01000000;
    static final int SETUID = 0x00800000;
    static final int SETGID = 0x00400000;
    static final int CHAR_DEVICE = 0x00200000;
    static final int STICKY = 0x00100000;
    static final int IRREGULAR = 0x00080000;
    static final int PERMISSIONS = 0777;
    /** Go's os.ModeType: any of these bits means "not a regular file", so no contents are transferred. */
    private static final int TYPE_MASK = DIR | SYMLINK | NAMED_PIPE | SOCKET | DEVICE | CHAR_DEVICE | IRREGULAR;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private FileModes() {}

    /**
     * Go's FileMode for a POSIX mode, with the socket bit cleared as fsutil's sender does (a socket then
     * travels as an empty regular file).
     */
    static int fromPosix(int posixMode) {
        int mode = posixMode & PERMISSIONS;
        switch (posixMode & S_IFMT) {
            case S_IFDIR:
                mode |= DIR;
                break;
            case S_IFLNK:
                mode |= SYMLINK;
                break;
            case S_IFBLK:
                mode |= DEVICE;
                break;
            case S_IFCHR:
                mode |= DEVICE | CHAR_DEVICE;
                break;
            case S_IFIFO:
                mode |= NAMED_PIPE;
                break;
            case S_IFREG:
            case S_IFSOCK:
                break;
            default:
                mode |= IRREGULAR;
        }
        if ((posixMode & 04000) != 0) {
            mode |= SETUID;
        }
        if ((posixMode & 02000) != 0) {
            mode |= SETGID;
        }
        if ((posixMode & 01000) != 0) {
            mode |= STICKY;
        }
        return mode;
    }

    static boolean isDirectory(int goMode) {
        return (goMode & DIR) != 0;
    }

    static boolean isSymlink(int goMode) {
        return (goMode & SYMLINK) != 0;
    }

    /** Whether the receiver may request this entry's contents (fsutil: {@code mode & ModeType == 0}). */
    static boolean isRegular(int goMode) {
        return (goMode & TYPE_MASK) == 0;
    }
}
