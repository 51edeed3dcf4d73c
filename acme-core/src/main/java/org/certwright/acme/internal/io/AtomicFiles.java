package org.certwright.acme.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file's content atomically and durably: a reader (or a crash) sees either the old
 * content or the new, never a partial file, and a private key is never readable by others, not
 * even briefly.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SHARED_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Keeps temp file names within the 255-byte limit of common file systems. */
    private static final int MAX_NAME_IN_TEMP = 64;

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}, replacing it if it exists.
     *
     * <p>The content goes to a temporary file in the target's directory, which is flushed to
     * disk and then renamed over the target (an atomic rename where the file system has one),
     * after which the directory is flushed too, where the platform allows it. If anything
     * fails, the temporary file is deleted and the target is left as it was.
     *
     * <p>On POSIX file systems the file ends up {@code rw-------} when {@code ownerOnly} and
     * {@code rw-r--r--} otherwise, whatever the target's permissions were before; the temporary
     * file is created {@code rw-------}, so the content is never exposed while being written.
     * Missing parent directories are created, {@code rwx------} when {@code ownerOnly}. On
     * other file systems (Windows) files and directories get their directory's inherited
     * access control.
     *
     * @param target    the file to create or replace
     * @param content   the complete new content
     * @param ownerOnly whether only the file's owner may read it
     * @throws IOException if the file cannot be written
     */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path fileName = absolute.getFileName();
        if (directory == null || fileName == null) {
            throw new IOException("not a file path: " + target);
        }
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            if (posix && ownerOnly) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, "." + shortened(fileName.toString()) + ".", ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix && !ownerOnly) {
                Files.setPosixFilePermissions(temp, SHARED_FILE);
            }
            move(temp, absolute);
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.debug("atomic rename not supported for {}; replacing it non-atomically", target);
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable; only some platforms (Linux, macOS) can open a directory. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync directory {}: {}", directory, e.toString());
        }
    }

    private static String shortened(String name) {
        return name.length() <= MAX_NAME_IN_TEMP ? name : name.substring(0, MAX_NAME_IN_TEMP);
    }
}
