package org.certwright.acme.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file's content atomically and durably: a reader (or a crash) sees either the old
 * content or the new, never a partial file, and a private key is never readable by others, not
 * even briefly.
 *
 * <p>Temporary files are named {@code .certwright-<pid>-<target name>-<random>.tmp}, a pattern
 * no other program uses, so that the ones a killed writer leaves behind (they may hold a private
 * key) can be recognised and removed: every write deletes such files in its directory that have
 * not been modified for {@link #STALE_AFTER}. Age, not the writer's process id, decides, because
 * a directory may be shared by processes in other PID namespaces (containers) or on other hosts,
 * whose live writers a process-id check would take for dead ones.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SHARED_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Keeps temp file names within the 255-byte limit of common file systems. */
    private static final int MAX_NAME_IN_TEMP = 64;

    /** How long a temp file may go unmodified before it counts as a killed writer's orphan. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);
    private static final String TEMP_PREFIX = ".certwright-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern TEMP_NAME = Pattern.compile("\\.certwright-[0-9]+-.*\\.tmp");

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
     * access control. Stale temporary files of earlier, killed writes are removed first (see
     * the class description).
     *
     * @param target    the file to create or replace
     * @param content   the complete new content
     * @param ownerOnly whether only the file's owner may read it
     * @throws java.nio.file.NotDirectoryException if an existing ancestor of {@code target} is
     *                                             a file, naming that file
     * @throws IOException if the file cannot be written
     * @throws NullPointerException if {@code target} or {@code content} is {@code null}
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
        boolean posix = isPosix(directory);
        if (!Files.isDirectory(directory)) {
            requireNoFileAncestor(directory, absolute);
            if (posix && ownerOnly) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        removeStaleTempFiles(directory);
        Path temp = createTempFile(directory, fileName.toString());
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

    /**
     * Creates an empty temporary file for {@code targetName} in {@code directory}, named by the
     * library's pattern and, on POSIX file systems, {@code rw-------} from its creation.
     */
    static Path createTempFile(Path directory, String targetName) throws IOException {
        FileAttribute<?>[] attributes = isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        String prefix = TEMP_PREFIX + ProcessHandle.current().pid() + "-" + shortened(targetName) + "-";
        return Files.createTempFile(directory, prefix, TEMP_SUFFIX, attributes);
    }

    /** Whether a file name is one of this class's temporary files. */
    static boolean isTempFileName(String name) {
        return TEMP_NAME.matcher(name).matches();
    }

    /**
     * Deletes this class's temporary files in {@code directory} that have not been modified for
     * {@link #STALE_AFTER}: what writers killed before their rename left behind. Best effort: a
     * file that cannot be inspected or deleted is left for a later write, and never delays this one.
     */
    private static void removeStaleTempFiles(Path directory) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                removeIfStale(file, cutoff);
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.debug("cannot list {} for stale temporary files: {}", directory, e.toString());
        }
    }

    private static void removeIfStale(Path file, Instant cutoff) {
        if (!isTempFileName(file.getFileName().toString())) {
            return;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            // Only regular files: a link or directory with a matching name was not made here.
            if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                Files.deleteIfExists(file);
                LOG.info("removed {}, a temporary file left by an interrupted write", file);
            }
        } catch (IOException e) {
            LOG.debug("cannot remove stale temporary file {}: {}", file, e.toString());
        }
    }

    /**
     * Fails clearly when an existing ancestor of a missing directory is a file, which
     * {@link Files#createDirectories} would report as a {@code FileAlreadyExistsException} of
     * a path that does not exist.
     */
    private static void requireNoFileAncestor(Path directory, Path target) throws IOException {
        for (Path p = directory; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new ParentNotDirectoryException(p, target);
                }
                return;
            }
        }
    }

    private static boolean isPosix(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
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

    /** A {@link NotDirectoryException} that says which target could not be written under it. */
    private static final class ParentNotDirectoryException extends NotDirectoryException {
        private static final long serialVersionUID = 1L;
        private final String target;

        ParentNotDirectoryException(Path file, Path target) {
            super(file.toString());
            this.target = target.toString();
        }

        @Override
        public String getReason() {
            return "is a file, not a directory, so " + target + " cannot be written under it";
        }
    }
}
