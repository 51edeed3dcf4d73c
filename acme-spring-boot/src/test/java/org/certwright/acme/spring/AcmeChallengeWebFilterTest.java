package org.certwright.acme.spring;

import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.InMemoryHttpChallengeStore;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.handler.FilteringWebHandler;
import reactor.core.publisher.Mono;

/** The WebFlux variant answers exactly the challenges in flight and lets everything else through. */
class AcmeChallengeWebFilterTest {

    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";

    private final InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();

    private WebTestClient client() {
        FilteringWebHandler handler = new FilteringWebHandler(exchange -> {
            exchange.getResponse().setStatusCode(HttpStatus.I_AM_A_TEAPOT);
            return Mono.empty();
        }, java.util.List.of(new AcmeChallengeWebFilter(store)));
        return WebTestClient.bindToWebHandler(handler).build();
    }

    @Test
    void servesAChallengeInFlightAndNothingElse() {
        HttpResource file = new HttpResource(TOKEN, TOKEN + ".key-thumbprint", "application/octet-stream");
        store.put(file);
        client().get().uri(HttpResource.DIRECTORY + TOKEN).exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo(file.content());
        client().get().uri(HttpResource.DIRECTORY + "other").exchange().expectStatus().isNotFound();
        client().post().uri(HttpResource.DIRECTORY + TOKEN).exchange().expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        client().get().uri("/index.html").exchange().expectStatus().isEqualTo(HttpStatus.I_AM_A_TEAPOT);

        store.remove(file);
        client().get().uri(HttpResource.DIRECTORY + TOKEN).exchange().expectStatus().isNotFound();
    }
}
