package org.certwright.acme.store.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing PostgreSQL skips the JDBC store's tests on a developer's machine, and fails them under CI. */
class PostgresServerTest {

    @Test
    void missingPostgresSkipsWithoutCi() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> PostgresServer.require(Optional.empty(), () -> "not installed", null));
        assertTrue(e.getMessage().contains("not installed"));
        assertThrows(TestAbortedException.class, () -> PostgresServer.require(Optional.empty(), () -> "x", ""));
    }

    @Test
    void missingPostgresFailsUnderCi() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> PostgresServer.require(Optional.empty(), () -> "not installed", "true"));
        assertTrue(e.getMessage().contains("not installed") && e.getMessage().contains("CI is set"), e::getMessage);
    }

    @Test
    void installedPostgresIsUsed() {
        assertEquals(Path.of("/opt/pg/bin"), PostgresServer.require(Optional.of(Path.of("/opt/pg/bin")), () -> "x", "true"));
    }

    @Test
    void theMissingMessageSaysHowToInstallIt() {
        assertTrue(PostgresServer.missingMessage().contains("apt-get install -y postgresql"));
    }
}
