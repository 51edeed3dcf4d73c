package org.certwright.acme;

import java.security.KeyPair;
import java.util.EnumMap;
import java.util.Map;
import org.certwright.acme.crypto.KeyType;

/** Key pairs shared by the session tests: one per type, and a few distinct EC P-256 pairs. */
final class TestKeys {

    private static final Map<KeyType, KeyPair> BY_TYPE = new EnumMap<>(KeyType.class);

    /** The account key most tests sign with. */
    static final KeyPair ACCOUNT = KeyType.EC_P256.generate();
    /** A second account key, for key rollover. */
    static final KeyPair NEW_ACCOUNT = KeyType.EC_P256.generate();
    /** A certificate's key. */
    static final KeyPair DOMAIN = KeyType.EC_P256.generate();

    private TestKeys() {
    }

    static synchronized KeyPair of(KeyType type) {
        return BY_TYPE.computeIfAbsent(type, KeyType::generate);
    }
}
