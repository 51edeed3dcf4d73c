package org.certwright.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls the management APIs of Pebble (HTTPS, trusting the test CA) and pebble-challtestsrv (HTTP).
 * Every failure names the method, the URL and, where there was one, the status and body.
 */
final class ManagementClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final HttpClient http;

    ManagementClient(HttpClient http) {
        this.http = http;
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build());
    }

    HttpResponse<String> post(URI uri, JsonNode body) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    /**
     * POSTs JSON and requires 200.
     *
     * @param uri  the endpoint
     * @param body the request
     * @return the response body
     */
    String postOk(URI uri, JsonNode body) {
        return requireOk(post(uri, body));
    }

    /**
     * The status of a GET, or -1 when the connection fails; for readiness polling.
     *
     * @param uri     the URL
     * @param timeout how long to wait for an answer
     * @return the HTTP status or -1
     * @throws InterruptedException if interrupted while waiting
     */
    int statusOf(URI uri, Duration timeout) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new IllegalStateException(describe(response) + " is not JSON: " + abbreviate(response.body()), e);
        }
    }

    static String requireOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(describe(response) + " returned HTTP " + response.statusCode()
                    + (response.body().isBlank() ? "" : ": " + abbreviate(response.body().strip())));
        }
        return response.body();
    }

    static String describe(HttpResponse<?> response) {
        return response.request().method() + " " + response.request().uri();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + " was interrupted", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
