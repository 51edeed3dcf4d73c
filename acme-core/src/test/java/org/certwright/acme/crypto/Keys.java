package org.certwright.acme.crypto;

import java.security.KeyPair;
import java.util.EnumMap;
import java.util.Map;

/**
 * One generated key pair per key type, shared by the tests of a JVM run because RSA 4096
 * generation takes a while.
 */
final class Keys {

    private static final Map<KeyType, KeyPair> PAIRS = new EnumMap<>(KeyType.class);

    private Keys() {
    }

    static synchronized KeyPair of(KeyType type) {
        return PAIRS.computeIfAbsent(type, KeyType::generate);
    }
}
