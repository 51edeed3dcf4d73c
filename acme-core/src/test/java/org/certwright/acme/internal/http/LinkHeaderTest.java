package org.certwright.acme.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    private static final URI BASE = URI.create("https://ca.example/acme/order/1");

    @Test
    void parsesSeveralLinksInOneHeader() {
        List<LinkHeader.Link> links = LinkHeader.parse(List.of(
                "<https://ca.example/acme/cert/1/1>;rel=\"alternate\", <https://ca.example/dir>;rel=\"index\""), BASE);
        assertThat(links).hasSize(2);
        assertThat(LinkHeader.targets(links, "alternate")).containsExactly(URI.create("https://ca.example/acme/cert/1/1"));
        assertThat(LinkHeader.targets(links, "index")).containsExactly(URI.create("https://ca.example/dir"));
    }

    @Test
    void parsesSeveralHeadersInOrder() {
        List<LinkHeader.Link> links = LinkHeader.parse(List.of(
                "<https://ca.example/a>; rel=\"alternate\"", "<https://ca.example/b>; rel=alternate"), BASE);
        assertThat(LinkHeader.targets(links, "alternate"))
                .containsExactly(URI.create("https://ca.example/a"), URI.create("https://ca.example/b"));
    }

    @Test
    void resolvesRelativeTargetsAgainstTheRequestUrl() {
        List<LinkHeader.Link> links = LinkHeader.parse(List.of("</acme/orders/2?cursor=3>;rel=\"next\"",
                "<../authz/5>;rel=up"), BASE);
        assertThat(LinkHeader.targets(links, "next")).containsExactly(URI.create("https://ca.example/acme/orders/2?cursor=3"));
        assertThat(LinkHeader.targets(links, "up")).containsExactly(URI.create("https://ca.example/acme/authz/5"));
    }

    @Test
    void anEmptyTargetIsTheRequestUrlItselfAndAFragmentStaysOnIt() {
        // RFC 3986 §5.2.2: an empty reference is the base URI; the JDK's URI.resolve gives its
        // directory instead ("https://ca.example/acme/order/").
        List<LinkHeader.Link> links = LinkHeader.parse(List.of("<>;rel=\"alternate\"", "<#top>;rel=\"up\""),
                URI.create(BASE + "#old"));

        assertThat(links).extracting(LinkHeader.Link::target).containsExactly(BASE, URI.create(BASE + "#top"));
    }

    @Test
    void readsParametersWithQuotedCommasAndSemicolons() {
        List<LinkHeader.Link> links = LinkHeader.parse(List.of(
                "<https://ca.example/issuer>; rel=\"up\"; title=\"issuer; the, only\", <https://ca.example/x>; rel=help"),
                BASE);
        assertThat(links).hasSize(2);
        assertThat(links.get(0).param("title")).contains("issuer; the, only");
        assertThat(links.get(1).hasRelation("help")).isTrue();
    }

    @Test
    void handlesSeveralRelationTypesAndCase() {
        LinkHeader.Link link = LinkHeader.parse(List.of("<https://ca.example/tos>; REL=\"Terms-Of-Service help\""), BASE).get(0);
        assertThat(link.relations()).containsExactlyInAnyOrder("terms-of-service", "help");
        assertThat(link.hasRelation("TERMS-OF-SERVICE")).isTrue();
    }

    @Test
    void firstRelWins() {
        LinkHeader.Link link = LinkHeader.parse(List.of("<https://ca.example/a>; rel=next; rel=prev"), BASE).get(0);
        assertThat(link.relations()).containsExactly("next");
    }

    @Test
    void unescapesQuotedPairs() {
        LinkHeader.Link link = LinkHeader.parse(List.of("<https://ca.example/a>; rel=up; title=\"a \\\"b\\\" c\""), BASE).get(0);
        assertThat(link.param("title")).contains("a \"b\" c");
    }

    @Test
    void skipsMalformedLinksButKeepsTheRest() {
        List<LinkHeader.Link> links = LinkHeader.parse(List.of(
                "garbage, <https://ca.example/ok>;rel=next, <unterminated;rel=up"), BASE);
        assertThat(LinkHeader.targets(links, "next")).containsExactly(URI.create("https://ca.example/ok"));
        assertThat(links).hasSize(1);
    }

    @Test
    void ignoresUnparsableTargets() {
        assertThat(LinkHeader.parse(List.of("<http://[bad>;rel=next"), BASE)).isEmpty();
    }

    @Test
    void emptyHeaderGivesNoLinks() {
        assertThat(LinkHeader.parse(List.of("", "  ,  "), BASE)).isEmpty();
        assertThat(LinkHeader.parse(List.of(), BASE)).isEmpty();
    }

    @Property(tries = 2000)
    void neverThrowsOnArbitraryInput(@ForAll String header) {
        LinkHeader.parse(List.of(header), BASE);
    }

    @Property(tries = 500)
    void quotedTitlesRoundTrip(@ForAll("printable") String title) {
        String escaped = title.replace("\\", "\\\\").replace("\"", "\\\"");
        List<LinkHeader.Link> links = LinkHeader.parse(
                List.of("<https://ca.example/a>; rel=up; title=\"" + escaped + "\", <https://ca.example/b>;rel=next"), BASE);
        assertThat(links).hasSize(2);
        assertThat(links.get(0).param("title")).contains(title);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> printable() {
        return net.jqwik.api.Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
    }
}
