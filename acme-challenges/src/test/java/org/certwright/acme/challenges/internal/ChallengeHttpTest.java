package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;
import org.junit.jupiter.api.Test;

class ChallengeHttpTest {

    private static final String NAME = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    private final InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();

    ChallengeHttpTest() {
        store.put(new HttpResource(NAME, "key-authorization", "application/octet-stream"));
    }

    @Test
    void answersTheFileInFlightInOriginAndAbsoluteForm() {
        assertThat(ChallengeHttp.answer("GET " + HttpResource.DIRECTORY + NAME + " HTTP/1.1\r\nHost: a", store).status())
                .isEqualTo(200);
        assertThat(ChallengeHttp.answer("GET http://example.com" + HttpResource.DIRECTORY + NAME + "?x=1 HTTP/1.1",
                store).body()).isEqualTo("key-authorization");
        assertThat(ChallengeHttp.answer("HEAD " + HttpResource.DIRECTORY + NAME + " HTTP/1.0", store).status())
                .isEqualTo(200);
    }

    @Test
    void answersOtherPathsOtherMethodsAndGarbageWithoutTheFile() {
        assertThat(ChallengeHttp.answer("GET " + HttpResource.DIRECTORY + "other HTTP/1.1", store).status()).isEqualTo(404);
        assertThat(ChallengeHttp.answer("GET /../" + NAME + " HTTP/1.1", store).status()).isEqualTo(404);
        HttpAnswer post = ChallengeHttp.answer("POST " + HttpResource.DIRECTORY + NAME + " HTTP/1.1", store);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.allow()).contains("GET, HEAD");
        assertThat(ChallengeHttp.answer("GET " + HttpResource.DIRECTORY + NAME, store).status()).isEqualTo(400);
        assertThat(ChallengeHttp.answer("GET " + NAME + " HTTP/1.1", store).status()).isEqualTo(400);
        assertThat(ChallengeHttp.answer("GET /a b HTTP/1.1", store).status()).isEqualTo(400);
        assertThat(ChallengeHttp.answer("\u0016\u0003\u0001", store).status()).isEqualTo(400);
    }

    @Test
    void readsAHeadUpToTheEmptyLineAndNoFurther() throws IOException {
        assertThat(ChallengeHttp.readHead(in("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"))).contains("GET / HTTP/1.1\r\nHost: a");
        assertThat(ChallengeHttp.readHead(in("GET / HTTP/1.1\nHost: a\n\n"))).contains("GET / HTTP/1.1\nHost: a");
        assertThat(ChallengeHttp.readHead(in("GET / HTTP/1.1\r\nHost: a\r\n"))).isEmpty();
        assertThatThrownBy(() -> ChallengeHttp.readHead(in("GET /" + "a".repeat(ChallengeHttp.MAX_HEAD_BYTES))))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than");
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
