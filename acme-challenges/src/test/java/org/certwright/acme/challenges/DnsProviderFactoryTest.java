package org.certwright.acme.challenges;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DnsProviderFactoryTest {

    @Test
    void anUnknownNameIsRefusedNamingWhatIsAvailable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsProviderFactory.named("no-such-provider"));
        assertTrue(e.getMessage().contains("'no-such-provider'"), e.getMessage());
        assertTrue(e.getMessage().contains("available: "), e.getMessage());
    }
}
