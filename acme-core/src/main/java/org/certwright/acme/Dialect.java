package org.certwright.acme;

/**
 * The wire format a {@link Session} speaks, chosen when it is built with
 * {@link Session.Builder#dialect(Dialect)}. The session's operations and the resources it returns
 * are the same for every dialect; only what goes over the wire differs.
 */
public enum Dialect {

    /**
     * RFC 8555 and its extensions: a directory, anti-replay nonces, {@code kid}-signed
     * POST-as-GET, orders. The builder's URL is the CA's directory. The default, and the only
     * dialect any CA in service speaks.
     */
    RFC8555("POST"),

    /**
     * The 2015 draft ACME was born as, draft-barnes-acme (-01 and -02): {@code new-reg},
     * {@code new-authz} and {@code new-cert} found by following {@code Link rel="next"}, the
     * {@code simpleHttps} and {@code dns} challenges, DER certificates with their issuers behind
     * {@code Link rel="up"}. The builder's URL is the {@code new-reg} URL, the only one the draft
     * configures.
     *
     * <p>The draft has no replay protection: its requests carry no nonce and no URL, so anyone who
     * sees a signed request can send it again, to this CA or to another. It has no orders either;
     * the session keeps client-side orders for it. Choose it only to talk to a server that speaks
     * nothing else.
     */
    DRAFT_BARNES_ACME("GET");

    private final String readMethod;

    Dialect(String readMethod) {
        this.readMethod = readMethod;
    }

    /**
     * The HTTP method resources are read with: {@code POST} (POST-as-GET, RFC 8555 §6.3) or, in
     * the draft, {@code GET}. Failures about a resource that was read name it.
     *
     * @return the method
     * @since 0.2.0
     */
    public String readMethod() {
        return readMethod;
    }
}
