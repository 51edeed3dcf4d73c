package org.certwright.acme.dns.acmedns;

import java.util.List;
import java.util.Objects;
import org.certwright.acme.dns.internal.Zones;

/**
 * An acme-dns registration: the credentials for its {@code /update} endpoint and the name its TXT
 * record is served at, to which a domain's {@code _acme-challenge} name is delegated by a CNAME.
 *
 * @param username   the {@code X-Api-User} (a UUID)
 * @param password   the {@code X-Api-Key}; a secret, never shown by {@link #toString()}
 * @param subdomain  the registration's label, sent with each update
 * @param fulldomain the name the TXT record is served at ({@code <subdomain>.auth.example.org}),
 *                   without trailing dot
 * @param allowFrom  the networks (CIDR) allowed to update, empty for any
 * @since 0.2.0
 */
public record AcmeDnsAccount(String username, String password, String subdomain, String fulldomain,
        List<String> allowFrom) {

    /** Checks the fields and normalizes the full domain. */
    public AcmeDnsAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(subdomain, "subdomain");
        Objects.requireNonNull(fulldomain, "fulldomain");
        if (username.isBlank() || password.isBlank() || subdomain.isBlank() || fulldomain.isBlank()) {
            throw new IllegalArgumentException("an acme-dns account needs a username, password, subdomain and fulldomain");
        }
        fulldomain = Zones.normalize(fulldomain);
        allowFrom = List.copyOf(allowFrom);
    }

    /**
     * The CNAME record a domain needs so that its challenges are answered by this registration, in
     * zone file syntax.
     *
     * @param domain the domain a certificate is for, such as {@code example.com} (for a wildcard, its base)
     * @return {@code _acme-challenge.example.com. CNAME <fulldomain>.}
     */
    public String cnameFor(String domain) {
        String base = Zones.normalize(domain);
        if (base.startsWith("*.")) {
            base = base.substring(2);
        }
        return "_acme-challenge." + base + ". CNAME " + fulldomain + ".";
    }

    @Override
    public String toString() {
        return "AcmeDnsAccount[username=" + username + ", fulldomain=" + fulldomain + ", allowFrom=" + allowFrom + "]";
    }
}
