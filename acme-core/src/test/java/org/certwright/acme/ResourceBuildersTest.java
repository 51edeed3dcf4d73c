package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.ProblemType;
import org.junit.jupiter.api.Test;

/** The resources' builders: what they check, what they copy, and copies with one change. */
class ResourceBuildersTest {

    private static final URI ORDER = URI.create("https://ca.test/order/1");
    private static final URI FINALIZE = URI.create("https://ca.test/order/1/finalize");

    private static Order order() {
        return Order.builder(ORDER, Status.PENDING, FINALIZE)
                .identifiers(List.of(Identifier.dns("example.org")))
                .expires(Instant.parse("2026-12-01T00:00:00Z"))
                .authorizations(List.of(Link.authorization(URI.create("https://ca.test/authz/1"))))
                .profile("shortlived")
                .otherFields(Map.of("x", "y"))
                .build();
    }

    @Test
    void aCopyWithOneChangeKeepsEverythingElse() {
        Order order = order();
        Order ready = order.toBuilder().status(Status.READY).build();

        assertThat(ready.status()).isEqualTo(Status.READY);
        assertThat(ready.toBuilder().status(Status.PENDING).build()).isEqualTo(order).hasSameHashCodeAs(order);
        assertThat(ready).isNotEqualTo(order);
        assertThat(ready.identifiers()).isEqualTo(order.identifiers());
        assertThat(ready.profile()).contains("shortlived");
        assertThat(ready.otherFields()).isEqualTo(Map.of("x", "y"));
        assertThat(ready.toString()).contains("status=READY").contains("example.org");
    }

    @Test
    void unsetOptionalPartsAreEmptyAndCollectionsAreCopied() {
        List<Identifier> identifiers = new ArrayList<>(List.of(Identifier.dns("example.org")));
        Order order = Order.builder(ORDER, Status.PENDING, FINALIZE).identifiers(identifiers).build();
        identifiers.add(Identifier.dns("example.net"));

        assertThat(order.identifiers()).containsExactly(Identifier.dns("example.org"));
        assertThatThrownBy(() -> order.identifiers().add(Identifier.dns("x.example")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(order.expires()).isEmpty();
        assertThat(order.error()).isEmpty();
        assertThat(order.authorizations()).isEmpty();
        assertThat(order.otherFields()).isEmpty();
    }

    @Test
    void missingRequiredPartsAreNamed() {
        assertThatThrownBy(() -> Order.builder(null, Status.PENDING, FINALIZE)).hasMessage("url");
        assertThatThrownBy(() -> Challenge.builder(ORDER, null, Status.PENDING)).hasMessage("type");
        assertThatThrownBy(() -> Authorization.builder(ORDER, Status.PENDING, null)).hasMessage("identifier");
        assertThatThrownBy(() -> Order.builder(ORDER, Status.PENDING, FINALIZE).expires((Optional<Instant>) null))
                .hasMessage("expires");
        assertThatThrownBy(() -> Registration.builder(ORDER, Status.VALID).contacts(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void theChecksOfTheFormerConstructorsStillApply() {
        assertThatThrownBy(() -> Certificate.builder(ORDER, List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chain is empty");
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        assertThatThrownBy(() -> RenewalInfo.builder(new CertificateId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"), start,
                start).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after its start");
    }

    @Test
    void everyResourceIsAValue() {
        Challenge challenge = Challenge.builder(URI.create("https://ca.test/chall/1"), Challenge.HTTP_01,
                Status.PENDING).token("tok").build();
        Authorization authz = Authorization.builder(URI.create("https://ca.test/authz/1"), Status.PENDING,
                Identifier.dns("example.org")).challenges(List.of(challenge)).wildcard(true).build();
        Directory directory = Directory.builder(URI.create("https://ca.test/dir"), URI.create("https://ca.test/acct"))
                .meta(Directory.Meta.builder().externalAccountRequired(true).profiles(Map.of("a", "b")).build())
                .build();
        OrderList page = OrderList.builder(URI.create("https://ca.test/orders")).orders(List.of(order().self())).build();

        for (Object resource : List.of(challenge, authz, directory, directory.meta(), page)) {
            assertThat(resource).isEqualTo(copy(resource)).hasSameHashCodeAs(copy(resource));
        }
        assertThat(authz.orderedIdentifier()).isEqualTo(Identifier.dns("*.example.org"));
        assertThat(directory.meta()).isNotEqualTo(Directory.Meta.EMPTY);
        assertThat(Directory.builder(URI.create("https://ca.test/dir"), URI.create("https://ca.test/acct")).build()
                .meta()).isEqualTo(Directory.Meta.EMPTY);
    }

    private static Object copy(Object resource) {
        if (resource instanceof Challenge c) {
            return c.toBuilder().build();
        } else if (resource instanceof Authorization a) {
            return a.toBuilder().build();
        } else if (resource instanceof Directory d) {
            return d.toBuilder().build();
        } else if (resource instanceof Directory.Meta m) {
            return m.toBuilder().build();
        } else if (resource instanceof OrderList l) {
            return l.toBuilder().build();
        }
        throw new AssertionError(resource);
    }

    @Test
    void draftCombinationsThatNameNoChallengeAreRejected() {
        Authorization authz = Authorization.builder(URI.create("https://ca.test/authz/1"), Status.PENDING,
                Identifier.dns("example.org")).otherFields(Map.of(DraftFields.COMBINATIONS, List.of(List.of(0)))).build();
        assertThatThrownBy(() -> DraftFields.combinations(authz)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed combinations");
        assertThat(DraftFields.combinations(authz.toBuilder().otherFields(Map.of()).build())).isEmpty();
    }

    @Test
    void aProblemCopiedWithANewDetailKeepsItsSubproblems() {
        Problem sub = Problem.of(ProblemType.DNS, "no TXT record").toBuilder()
                .identifier(Identifier.dns("example.org")).build();
        Problem problem = Problem.builder(ProblemType.COMPOUND.uri()).status(403).subproblems(List.of(sub)).build();
        Problem copy = problem.toBuilder().detail("validation failed").build();

        assertThat(copy.detail()).contains("validation failed");
        assertThat(copy.status()).hasValue(403);
        assertThat(copy.subproblems()).containsExactly(sub);
        assertThat(copy.toBuilder().detail(Optional.empty()).build()).isEqualTo(problem).hasSameHashCodeAs(problem);
        assertThat(copy.toString()).contains("validation failed").contains("[dns:example.org]");
    }

    @Test
    void aRegistrationNeverPrintsTheDraftRecoveryToken() {
        Registration registration = Registration.builder(URI.create("https://ca.test/reg/1"), Status.VALID)
                .otherFields(Map.of(DraftFields.RECOVERY_TOKEN, "s3cret-token"))
                .build();
        assertThat(DraftFields.recoveryToken(registration)).contains("s3cret-token");
        assertThat(registration.toString()).doesNotContain("s3cret-token");
    }
}
