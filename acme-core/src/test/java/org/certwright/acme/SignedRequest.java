package org.certwright.acme;

import java.security.PublicKey;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A signed ACME request as the mock CA received it: the HTTP method, path and headers, and the
 * JWS body, whose signature has been verified.
 *
 * @param method  the HTTP method
 * @param path    the request path
 * @param headers the request headers
 * @param jws     the verified JWS body
 */
record SignedRequest(String method, String path, Headers headers, Jws jws) {

    /** Reads a recorded request's body as a flattened JWS and verifies it with {@code key}. */
    static SignedRequest of(RecordedRequest request, PublicKey key) {
        Map<String, Object> body = JsonDoc.toMap(request.getBody() == null ? "" : request.getBody().utf8());
        return new SignedRequest(request.getMethod(), request.getUrl().encodedPath(), request.getHeaders(),
                Jws.verified(body, key));
    }

    Map<String, Object> protectedHeader() {
        return jws.protectedHeader();
    }

    String nonce() {
        return jws.nonce();
    }

    String payload() {
        return jws.payload();
    }

    Map<String, Object> payloadJson() {
        return jws.payloadJson();
    }

    String header(String name) {
        return headers.get(name);
    }
}
