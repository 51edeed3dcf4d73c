package org.certwright.acme.spring;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.HttpChallengeStore;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers http-01 challenges inside a WebFlux application: {@code GET}/{@code HEAD} of
 * {@code /.well-known/acme-challenge/<token>} in flight gets the key authorization, any other
 * name under that path 404; everything else goes on to the application.
 *
 * @since 0.2.0
 */
public final class AcmeChallengeWebFilter implements WebFilter, Ordered {

    private final HttpChallengeStore store;

    /**
     * A filter.
     *
     * @param store the challenges in flight
     * @since 0.2.0
     */
    public AcmeChallengeWebFilter(HttpChallengeStore store) {
        this.store = store;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        if (path == null || !path.startsWith(HttpResource.DIRECTORY)) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpMethod method = exchange.getRequest().getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            response.setStatusCode(HttpStatus.METHOD_NOT_ALLOWED);
            return response.setComplete();
        }
        Optional<HttpResource> file = store.lookupPath(path);
        if (file.isEmpty()) {
            response.setStatusCode(HttpStatus.NOT_FOUND);
            return response.setComplete();
        }
        byte[] body = file.get().content().getBytes(StandardCharsets.US_ASCII);
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.parseMediaType(file.get().contentType()));
        response.getHeaders().setContentLength(body.length);
        if (HttpMethod.HEAD.equals(method)) {
            return response.setComplete();
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    /** Before the application's own filters, security included: the CA is not a logged-in user. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
