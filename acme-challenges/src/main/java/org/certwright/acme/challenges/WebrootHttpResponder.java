package org.certwright.acme.challenges;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.internal.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An http-01 responder for a web server that already serves a directory: writes each challenge
 * file to {@code <webroot>/.well-known/acme-challenge/<name>} and deletes it at clean-up.
 *
 * <pre>{@code
 * ChallengeResponder http01 = new WebrootHttpResponder(Path.of("/var/www/html"));
 * }</pre>
 *
 * <p>The webroot must exist; {@code .well-known/acme-challenge} is created below it when missing
 * (readable by everyone, as the web server must list nothing but read the files) and left in place
 * afterwards, as other ACME clients and the web server's configuration may rely on it. Each file
 * is written to a temporary file in the same directory and renamed into place, so that the web
 * server never reads it half-written, and is readable by everyone ({@code rw-r--r--}). Names are
 * base64url only, so a file can never land outside that directory.
 *
 * <p>Thread-safe, and shared within one JVM: every responder over the same webroot (however its
 * path is spelled, symbolic links resolved) shares its files, so that two orders that share a
 * pending authorization, through one responder or two, share the file, which is deleted after
 * the last clean-up; a different file under a name in flight is refused rather than overwritten.
 * Other processes writing the same directory are not coordinated with. Not registered for
 * {@link java.util.ServiceLoader}, since there is no sensible default webroot.
 */
public final class WebrootHttpResponder implements ChallengeResponder {

    private static final Logger LOG = LoggerFactory.getLogger(WebrootHttpResponder.class);
    private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwxr-xr-x");

    /** A written file and how many provisions hold it. */
    private record Written(String content, int holders) {
    }

    /**
     * Guards {@link #WRITTEN} and the file operations, which are quick and local. One lock for the
     * JVM, since the files are shared by every responder over the same webroot.
     */
    private static final Object LOCK = new Object();
    /** The files in flight, by their real path, whichever responder wrote them. */
    private static final Map<Path, Written> WRITTEN = new HashMap<>();

    private final Path webroot;
    private final Path directory;

    /**
     * A responder writing below a webroot.
     *
     * @param webroot the directory the web server serves as {@code /}
     */
    public WebrootHttpResponder(Path webroot) {
        this.webroot = Objects.requireNonNull(webroot, "webroot").toAbsolutePath().normalize();
        this.directory = this.webroot.resolve(".well-known").resolve("acme-challenge");
    }

    /**
     * The directory the web server serves as {@code /}.
     *
     * @return the webroot, absolute
     */
    public Path webroot() {
        return webroot;
    }

    /**
     * The file a challenge file name is written to.
     *
     * @param name the name from {@link HttpResource#name()}
     * @return {@code <webroot>/.well-known/acme-challenge/<name>}
     * @throws IllegalArgumentException if the name is not 1 to 512 base64url characters
     */
    public Path file(String name) {
        if (!HttpResource.isValidName(name)) {
            throw new IllegalArgumentException("challenge file name is not base64url: '" + name + "'");
        }
        Path file = directory.resolve(name).normalize();
        // Cannot fail for a base64url name; checked anyway, since escaping the directory would be fatal.
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException("challenge file name escapes the challenge directory: '" + name + "'");
        }
        return file;
    }

    @Override
    public Set<String> challengeTypes() {
        return HttpResponders.TYPES;
    }

    @Override
    public boolean supports(ChallengeContext context) {
        return HttpResponders.supports(context);
    }

    /**
     * Writes the challenge's file.
     *
     * @throws ProvisioningException if the webroot does not exist or the file cannot be written;
     *                               nothing is left behind then
     */
    @Override
    public Provision provision(ChallengeContext context) throws ProvisioningException {
        HttpResource resource = HttpResponders.resource(context);
        Path file;
        try {
            file = file(resource.name());
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException(e.getMessage(), e);
        }
        Path key;
        synchronized (LOCK) {
            key = prepare(file);
            Written existing = WRITTEN.get(key);
            if (existing != null && !existing.content().equals(resource.content())) {
                throw new ProvisioningException("a different challenge file is in flight at " + file);
            }
            if (existing == null) {
                write(file, resource.content());
            }
            WRITTEN.put(key, new Written(resource.content(), existing == null ? 1 : existing.holders() + 1));
        }
        LOG.debug("{}: wrote {}", context.identifier(), file);
        return new Provision() {
            private boolean removed;

            @Override
            public void close() throws ProvisioningException {
                synchronized (LOCK) {
                    if (removed) {
                        return;
                    }
                    removed = true;
                    release(key);
                }
                LOG.debug("{}: removed {}", context.identifier(), file);
            }
        };
    }

    /** Called with the lock held. */
    private static void release(Path file) throws ProvisioningException {
        Written entry = WRITTEN.get(file);
        if (entry == null) {
            return;
        }
        if (entry.holders() > 1) {
            WRITTEN.put(file, new Written(entry.content(), entry.holders() - 1));
            return;
        }
        WRITTEN.remove(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ProvisioningException("cannot delete challenge file " + file + ": " + e, e);
        }
    }

    /**
     * Makes sure the challenge directory exists; called with the lock held.
     *
     * @return the file's real path, the same for every spelling of the webroot
     */
    private Path prepare(Path file) throws ProvisioningException {
        if (!Files.isDirectory(webroot)) {
            throw new ProvisioningException("webroot " + webroot + " is not a directory");
        }
        try {
            createDirectory(webroot.resolve(".well-known"));
            createDirectory(directory);
            return directory.toRealPath().resolve(file.getFileName());
        } catch (IOException | RuntimeException e) {
            throw new ProvisioningException("cannot create challenge directory " + directory + ": " + e, e);
        }
    }

    /** Called with the lock held. */
    private static void write(Path file, String content) throws ProvisioningException {
        try {
            // Not owner-only: the web server usually runs as another user.
            AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException | RuntimeException e) {
            throw new ProvisioningException("cannot write challenge file " + file + ": " + e, e);
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return; // made by another process meanwhile
            }
            throw e;
        }
        // Only directories made here: the umask may be owner-only, but the web server must read below.
        setPermissions(dir, DIRECTORY_PERMISSIONS);
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(permissions);
        }
    }

    @Override
    public String toString() {
        return "WebrootHttpResponder[" + webroot + "]";
    }
}
