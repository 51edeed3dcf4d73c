package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.Link;
import org.certwright.acme.NewOrder;
import org.certwright.acme.Order;
import org.certwright.acme.OrderList;
import org.certwright.acme.Session;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** The account's orders list, followed page by page through {@code Link rel="next"}. */
@Pebble(ordersPerPage = 2)
class OrderListIT {

    @Test
    void walksEveryPage(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        List<java.net.URI> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(session.newOrder(NewOrder.builder().dns(PebbleFixtures.uniqueName("list" + i)).build()).url());
        }

        List<java.net.URI> listed = new ArrayList<>();
        int pages = 0;
        for (Optional<OrderList> page = Optional.of(session.orders()); page.isPresent(); ) {
            pages++;
            page.get().orders().stream().map(Link::url).forEach(listed::add);
            Optional<Link<OrderList>> next = page.get().next();
            page = next.isPresent() ? Optional.of(session.fetch(next.get())) : Optional.empty();
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(placed);
        Order first = session.fetch(Link.order(listed.get(0)));
        assertThat(first.identifiers()).hasSize(1);
    }
}
