package org.certwright.testkit;

/**
 * One DNS question that pebble-challtestsrv received, as its {@code /dns-request-history} reports it.
 *
 * @param name     the queried name as sent, normally with a trailing dot
 * @param type     the query type number ({@code 1} A, {@code 16} TXT, {@code 28} AAAA, {@code 257} CAA …)
 * @param dnsClass the query class number ({@code 1} IN)
 */
public record DnsRequest(String name, int type, int dnsClass) {

    /** Query type A. */
    public static final int TYPE_A = 1;
    /** Query type CNAME. */
    public static final int TYPE_CNAME = 5;
    /** Query type TXT. */
    public static final int TYPE_TXT = 16;
    /** Query type AAAA. */
    public static final int TYPE_AAAA = 28;
    /** Query type CAA. */
    public static final int TYPE_CAA = 257;

    /**
     * The mnemonic of the query type.
     *
     * @return {@code A}, {@code TXT} … or {@code TYPE<n>} for others
     */
    public String typeName() {
        return switch (type) {
            case TYPE_A -> "A";
            case TYPE_CNAME -> "CNAME";
            case TYPE_TXT -> "TXT";
            case TYPE_AAAA -> "AAAA";
            case TYPE_CAA -> "CAA";
            default -> "TYPE" + type;
        };
    }
}
