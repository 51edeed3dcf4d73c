/**
 * Ready-made challenge responders for Certwright: http-01 (webroot, embedded server, a token
 * store for any application server), tls-alpn-01 and dns-01 (RFC 2136 and a provider SPI).
 */
module org.certwright.acme.challenges {
    requires transitive org.certwright.acme;
    // HttpChallengeHandler, a public type, implements com.sun.net.httpserver.HttpHandler.
    requires transitive jdk.httpserver;
    requires org.dnsjava;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires tools.jackson.databind;
    requires org.slf4j;

    exports org.certwright.acme.challenges;

    uses org.certwright.acme.challenges.DnsProviderFactory;

    provides org.certwright.acme.challenge.ChallengeResponder with
            org.certwright.acme.challenges.EmbeddedHttpResponder,
            org.certwright.acme.challenges.TlsAlpnResponder;
}
