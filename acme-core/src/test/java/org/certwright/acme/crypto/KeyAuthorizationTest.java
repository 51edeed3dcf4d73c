package org.certwright.acme.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NotEmpty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyAuthorizationTest {

    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";

    @Test
    void joinsTokenAndThumbprint() throws Exception {
        PublicKey key = JwkThumbprintTest.rfc8037PublicKey();

        KeyAuthorization authorization = KeyAuthorization.of(TOKEN, key);

        assertThat(authorization.token()).isEqualTo(TOKEN);
        assertThat(authorization.thumbprint()).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assertThat(authorization.value()).isEqualTo(TOKEN + ".kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assertThat(authorization).hasToString(authorization.value());
    }

    @Test
    void digestsMatchAnIndependentComputation() throws Exception {
        KeyAuthorization authorization = KeyAuthorization.of(TOKEN, Keys.of(KeyType.EC_P256).getPublic());
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest((TOKEN + "." + JwkThumbprint.of(Keys.of(KeyType.EC_P256).getPublic())).getBytes(StandardCharsets.UTF_8));

        assertThat(authorization.sha256()).isEqualTo(expected);
        assertThat(authorization.dnsTxtValue())
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected))
                .hasSize(43)
                .doesNotContain("=");
    }

    @Test
    void sha256IsADefensiveCopy() {
        KeyAuthorization authorization = new KeyAuthorization(TOKEN, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        byte[] first = authorization.sha256();
        first[0] ^= 1;

        assertThat(authorization.sha256()).isNotEqualTo(first);
    }

    @Test
    void isAValue() {
        String thumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

        assertThat(new KeyAuthorization(TOKEN, thumbprint)).isEqualTo(new KeyAuthorization(TOKEN, thumbprint))
                .hasSameHashCodeAs(new KeyAuthorization(TOKEN, thumbprint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "a.b", "a b", "a\\b", "%2e%2e", "tok\n", "x=", "a+b", "ä"})
    void rejectsTokensThatAreNotBase64Url(String token) {
        assertThatThrownBy(() -> KeyAuthorization.of(token, Keys.of(KeyType.EC_P256).getPublic()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("challenge token")
                .hasMessageContaining("is not base64url: character");
    }

    @Test
    void namesTheOffendingCharacter() {
        assertThatThrownBy(() -> new KeyAuthorization("../x", "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"))
                .hasMessage("challenge token '../x' is not base64url: character '.' (U+002E) at index 0;"
                        + " only A-Z a-z 0-9 - _ are allowed");
        assertThatThrownBy(() -> new KeyAuthorization("ab\ncd", "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"))
                .hasMessageContaining("'ab\\u000Acd'")
                .hasMessageContaining("(U+000A) at index 2");
    }

    @Test
    void rejectsAnEmptyToken() {
        assertThatThrownBy(() -> new KeyAuthorization("", "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("challenge token is empty");
    }

    @Test
    void rejectsAThumbprintThatIsNotASha256Digest() {
        assertThatThrownBy(() -> new KeyAuthorization(TOKEN, "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JWK thumbprint 'short'");
    }

    @Property
    void acceptsEveryBase64UrlToken(@ForAll @NotEmpty @Chars({'-', '_'}) @CharRange(from = 'a', to = 'z')
            @CharRange(from = 'A', to = 'Z') @CharRange(from = '0', to = '9') String token) {
        KeyAuthorization authorization = new KeyAuthorization(token, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");

        assertThat(authorization.value()).startsWith(token + ".");
    }

    @Property
    void acceptedTokensNeverContainPathCharacters(@ForAll String token) {
        try {
            new KeyAuthorization(token, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
            assertThat(token).isNotEmpty().doesNotContain(".", "/", "\\", " ", "%", ":");
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).startsWith("challenge token");
        }
    }
}
