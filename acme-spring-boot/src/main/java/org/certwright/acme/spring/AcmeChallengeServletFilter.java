package org.certwright.acme.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.HttpChallengeStore;

/**
 * Answers http-01 challenges inside a servlet application: {@code GET}/{@code HEAD} of
 * {@code /.well-known/acme-challenge/<token>} in flight gets the key authorization, any other
 * name under that path 404. On the extra challenge port ({@code certwright.http01.port}) every
 * other request is redirected to HTTPS, so the application is not served in clear text there.
 *
 * @since 0.2.0
 */
public final class AcmeChallengeServletFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient HttpChallengeStore store;
    private final Integer challengePort;
    private final transient java.util.function.IntSupplier httpsPort;

    /**
     * A filter.
     *
     * @param store         the challenges in flight
     * @param challengePort the extra plain-HTTP port, if any
     * @param httpsPort     the application's HTTPS port, for redirects
     * @since 0.2.0
     */
    public AcmeChallengeServletFilter(HttpChallengeStore store, Optional<Integer> challengePort,
                                      java.util.function.IntSupplier httpsPort) {
        this.store = store;
        this.challengePort = challengePort.orElse(null);
        this.httpsPort = httpsPort;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI();
        if (path != null && path.startsWith(HttpResource.DIRECTORY)) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                return;
            }
            Optional<HttpResource> file = store.lookupPath(path);
            if (file.isEmpty()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            byte[] body = file.get().content().getBytes(StandardCharsets.US_ASCII);
            response.setContentType(file.get().contentType());
            response.setContentLength(body.length);
            if ("GET".equals(request.getMethod())) {
                response.getOutputStream().write(body);
            }
            return;
        }
        if (challengePort != null && request.getLocalPort() == challengePort) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", Redirects.toHttps(request.getServerName(), httpsPort.getAsInt(),
                    path, request.getQueryString()));
            return;
        }
        chain.doFilter(request, response);
    }
}
