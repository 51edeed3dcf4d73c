package org.certwright.acme.spring;

import org.certwright.acme.lifecycle.StoreLayout;

/** The managed certificate's name the autoconfiguration gives a domain. */
final class StoreNameOf {

    private StoreNameOf() {
    }

    static String domain(String domain) {
        return StoreLayout.certificateId(domain);
    }
}
