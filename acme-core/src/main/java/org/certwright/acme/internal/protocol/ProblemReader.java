package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.Identifier;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.internal.json.JsonObject;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.NotSupportedByServerException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemContext;
import org.certwright.acme.problem.ProblemException;

/**
 * Turns an error response into the exception the caller sees: a typed {@link ProblemException}
 * when the CA sent a problem document, an {@link AcmeProtocolException} naming the status,
 * content type and the start of the body when it sent something else (a proxy's HTML page).
 * Shared by both protocol dialects.
 */
public final class ProblemReader {

    private static final Set<String> KNOWN = Set.of("type", "title", "detail", "status", "instance", "identifier",
            "subproblems");

    private ProblemReader() {
    }

    /** The exception for a non-2xx response. */
    public static AcmeException toException(Response response) {
        AcmeException typed = typed(response);
        if (response.status() == 501) {
            // "Not implemented" is the answer, whatever problem type a CA puts in the document
            // (step-ca answers keyChange with 501 and rejectedIdentifier).
            String said = typed instanceof ProblemException problem ? ": " + problem.problem().describe() : "";
            return new NotSupportedByServerException("the CA does not implement this request" + said,
                    response.method(), response.url(), 501, typed);
        }
        return typed;
    }

    private static AcmeException typed(Response response) {
        String mediaType = response.mediaType();
        if (mediaType.equals("application/problem+json") || mediaType.equals("application/json")) {
            try {
                JsonObject json = JsonObject.parse(response.body(),
                        new JsonObject.Origin("problem document", response.method(), response.url(), response.status()));
                if (mediaType.equals("application/problem+json") || json.has("type")) {
                    return ProblemException.of(parse(json, response.url()), context(response));
                }
            } catch (AcmeProtocolException e) {
                return e;
            }
        }
        return new AcmeProtocolException("HTTP " + response.status() + " without an ACME problem document (Content-Type '"
                + mediaType + "'" + (response.body().length == 0 ? ", empty body" : ", body '" + response.bodySnippet() + "'")
                + ")", response.method(), response.url(), response.status());
    }

    /** The request context of a response: method, URL, status, {@code Retry-After} and links. */
    public static ProblemContext context(Response response) {
        return new ProblemContext(response.method(), response.url(), response.status(), response.retryAfter(),
                response.links("help"), response.links("terms-of-service").stream().findFirst(),
                response.location());
    }

    /** Reads a problem document; relative {@code instance} URLs are resolved against {@code base}. */
    public static Problem parse(JsonObject json, URI base) throws AcmeProtocolException {
        URI type = json.string("type").map(t -> {
            try {
                return URI.create(t);
            } catch (IllegalArgumentException e) {
                return Problem.ABOUT_BLANK;
            }
        }).orElse(Problem.ABOUT_BLANK);
        Optional<URI> instance = json.string("instance").flatMap(i -> {
            try {
                return Optional.of(base.resolve(i));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        Optional<Identifier> identifier = Optional.empty();
        Optional<JsonObject> id = json.object("identifier");
        if (id.isPresent()) {
            identifier = identifierOrEmpty(id.get());
        }
        List<Problem> subproblems = new ArrayList<>();
        for (JsonObject sub : json.objectList("subproblems")) {
            subproblems.add(parse(sub, base));
        }
        return Problem.builder(type)
                .title(json.string("title"))
                .detail(json.string("detail"))
                .status(json.integer("status"))
                .instance(instance)
                .identifier(identifier)
                .subproblems(subproblems)
                .otherFields(json.otherFields(KNOWN))
                .build();
    }

    private static Optional<Identifier> identifierOrEmpty(JsonObject id) throws AcmeProtocolException {
        Optional<String> type = id.string("type");
        Optional<String> value = id.string("value");
        if (type.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Identifier(type.get(), value.get()));
        } catch (IllegalArgumentException e) {
            // A problem about a malformed identifier must still be reported, just without it.
            return Optional.empty();
        }
    }
}
