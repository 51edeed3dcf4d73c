package org.certwright.acme.dns.google;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.internal.ApiClient;
import org.certwright.acme.problem.AcmeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Google service account's key file and the OAuth 2.0 access tokens made from it (the JWT bearer
 * grant, RFC 7523, signed RS256 with Nimbus): each token is reused until a minute before it expires.
 * The private key is never logged nor shown by {@link #toString()}.
 */
final class GoogleServiceAccount {

    static final String SCOPE = "https://www.googleapis.com/auth/ndev.clouddns.readwrite";
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final String clientEmail;
    private final String projectId;
    private final String keyId;
    private final PrivateKey key;
    private final URI tokenUri;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    private GoogleServiceAccount(String clientEmail, String projectId, String keyId, PrivateKey key, URI tokenUri,
            Clock clock) {
        this.clientEmail = clientEmail;
        this.projectId = projectId;
        this.keyId = keyId;
        this.key = key;
        this.tokenUri = tokenUri;
        this.clock = clock;
    }

    /**
     * Reads a service account key file ({@code "type": "service_account"}).
     *
     * @param json the file's content
     * @return the account
     * @throws IllegalArgumentException naming what is missing or malformed (never the key)
     */
    static GoogleServiceAccount parse(String json) {
        JsonNode node;
        try {
            node = JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("google: the service account key is not JSON", e);
        }
        if (!"service_account".equals(node.path("type").asString(""))) {
            throw new IllegalArgumentException("google: the key file is not a service account key (\"type\": \""
                    + node.path("type").asString("") + "\")");
        }
        String email = required(node, "client_email");
        String pem = required(node, "private_key");
        String der = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("google: private_key of " + email + " is not a PKCS#8 RSA key in PEM");
        }
        return new GoogleServiceAccount(email, node.path("project_id").asString(""), node.path("private_key_id").asString(""),
                key, URI.create(node.path("token_uri").asString("https://oauth2.googleapis.com/token")), Clock.systemUTC());
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("google: the service account key lacks \"" + field + "\"");
        }
        return value;
    }

    String projectId() {
        return projectId;
    }

    GoogleServiceAccount withTokenUri(URI uri) {
        return new GoogleServiceAccount(clientEmail, projectId, keyId, key, Objects.requireNonNull(uri), clock);
    }

    /** A valid access token, fetched when there is none or it is about to expire. */
    synchronized String accessToken(ApiClient api) throws AcmeException {
        Instant now = clock.instant();
        if (token != null && now.isBefore(expires.minus(EARLY))) {
            return token;
        }
        String assertion;
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId.isEmpty() ? null : keyId)
                    .build(), new JWTClaimsSet.Builder()
                    .issuer(clientEmail)
                    .audience(tokenUri.toString())
                    .claim("scope", SCOPE)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(3600)))
                    .build());
            jwt.sign(new RSASSASigner(key));
            assertion = jwt.serialize();
        } catch (JOSEException e) {
            throw new ProvisioningException("Google: cannot sign the token request for " + clientEmail, e);
        }
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + assertion;
        ApiClient.ApiResponse response = api.send(HttpRequest.newBuilder(tokenUri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        try {
            JsonNode json = JsonMapper.builder().build().readTree(response.body());
            String accessToken = json.path("access_token").asString("");
            if (accessToken.isEmpty()) {
                throw new DnsApiException("Google OAuth", "POST", tokenUri, response.status(), "no access_token", null);
            }
            token = accessToken;
            expires = now.plusSeconds(json.path("expires_in").asLong(3600));
            return token;
        } catch (JacksonException e) {
            throw new DnsApiException("Google OAuth", "POST", tokenUri, response.status(), "response is not JSON", e);
        }
    }

    @Override
    public String toString() {
        return "GoogleServiceAccount[" + clientEmail + "]";
    }
}
