package org.certwright.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CaPresetTest {

    @Test
    void resolvesShortNamesIgnoringCaseAndSpaces() {
        assertEquals(URI.create("https://acme-v02.api.letsencrypt.org/directory"), CaPreset.resolve(" LetsEncrypt "));
        assertEquals(URI.create("https://dv.acme-v02.test-api.pki.goog/directory"), CaPreset.resolve("google-staging"));
        assertEquals(Optional.of(CaPreset.ZEROSSL), CaPreset.named("zerossl"));
        assertEquals(Optional.empty(), CaPreset.named("letsencrypt-prod"));
    }

    @Test
    void takesUrlsAsTheyAre() {
        assertEquals(URI.create("https://ca.example.com:9000/acme/acme/directory"),
                CaPreset.resolve("https://ca.example.com:9000/acme/acme/directory"));
        assertEquals(URI.create("http://127.0.0.1:4001/dir"), CaPreset.resolve("http://127.0.0.1:4001/dir"));
    }

    @Test
    void refusesAnythingElseNamingThePresets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaPreset.resolve("lets-encrypt"));
        assertTrue(e.getMessage().contains("'lets-encrypt'"), e.getMessage());
        assertTrue(e.getMessage().contains("letsencrypt, letsencrypt-staging, google"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CaPreset.resolve("https://"));
        assertThrows(IllegalArgumentException.class, () -> CaPreset.resolve("ftp://ca.example.com/dir"));
    }

    @ParameterizedTest
    @EnumSource(CaPreset.class)
    void everyPresetIsAnHttpsDirectoryReachableByItsOwnName(CaPreset preset) {
        assertEquals("https", preset.directoryUrl().getScheme());
        assertEquals(Optional.of(preset), CaPreset.named(preset.shortName()));
        assertEquals(preset.directoryUrl(), AcmeClient.builder(preset).build().serverUrl());
    }

    @Test
    void eabRequirementsAreThoseTheCasPublish() {
        assertTrue(CaPreset.GOOGLE.requiresExternalAccountBinding());
        assertTrue(CaPreset.ZEROSSL.requiresExternalAccountBinding());
        assertTrue(!CaPreset.LETS_ENCRYPT.requiresExternalAccountBinding());
        assertTrue(CaPreset.PEBBLE.isTest() && !CaPreset.LETS_ENCRYPT.isTest());
    }
}
