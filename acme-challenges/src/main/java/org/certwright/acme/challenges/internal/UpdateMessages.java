package org.certwright.acme.challenges.internal;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Update;

/** The RFC 2136 update messages that add or delete one TXT value. */
public final class UpdateMessages {

    private UpdateMessages() {
    }

    /**
     * An update that adds one TXT value, leaving the other values at the name: several challenges
     * (say, {@code example.com} and {@code *.example.com}) may share one name.
     *
     * @param zone  the zone to update (the zone section)
     * @param name  the record's name, inside the zone
     * @param ttl   the TTL in seconds
     * @param value the value
     * @return the unsigned update; the TSIG key is applied when it is sent
     */
    public static Update add(Name zone, Name name, long ttl, String value) {
        Update update = new Update(zone);
        update.add(DnsNames.txt(name, DClass.IN, ttl, value));
        return update;
    }

    /**
     * An update that deletes exactly one TXT value (RFC 2136 §2.5.4: class NONE, TTL 0); other values at
     * the name stay. Deleting a value that is not there is no error.
     *
     * @param zone  the zone to update
     * @param name  the record's name, inside the zone
     * @param value the value
     * @return the unsigned update
     */
    public static Update delete(Name zone, Name name, String value) {
        Update update = new Update(zone);
        update.delete(DnsNames.txt(name, DClass.IN, 0, value));
        return update;
    }
}
