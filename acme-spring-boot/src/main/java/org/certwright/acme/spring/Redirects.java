package org.certwright.acme.spring;

/** The HTTPS address of a plain-HTTP request, for the challenge port's redirects. */
final class Redirects {

    private Redirects() {
    }

    static String toHttps(String host, int httpsPort, String path, String query) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        StringBuilder s = new StringBuilder("https://").append(h);
        if (httpsPort != 443) {
            s.append(':').append(httpsPort);
        }
        s.append(path == null || path.isEmpty() ? "/" : path);
        if (query != null && !query.isEmpty()) {
            s.append('?').append(query);
        }
        return s.toString();
    }
}
