package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.junit.jupiter.api.Test;

class StoreHttpResponderTest {

    private final InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
    private final StoreHttpResponder responder = new StoreHttpResponder(store);

    @Test
    void putsTheFileAndRemovesItOnce() throws Exception {
        ChallengeContext context = Contexts.http01("example.com");
        HttpResource file = context.httpResource().orElseThrow();
        Provision provision = responder.provision(context);
        assertThat(store.lookupPath(file.path())).contains(file);
        assertThat(file.content()).startsWith(file.name() + ".");

        provision.close();
        assertThat(store.names()).isEmpty();
        provision.close();
        assertThat(store.names()).isEmpty();
    }

    @Test
    void twoOrdersSharingAChallengeKeepItUntilBothCleanUp() throws Exception {
        ChallengeContext context = Contexts.http01("example.com");
        Provision first = responder.provision(context);
        Provision second = responder.provision(context);
        first.close();
        first.close(); // a repeated close must not take away the second order's hold
        assertThat(store.names()).containsExactly(context.httpResource().orElseThrow().name());
        second.close();
        assertThat(store.names()).isEmpty();
    }

    @Test
    void supportsAnyContextWithAFileOfItsTypes() {
        assertThat(responder.challengeTypes()).containsExactly(Challenge.HTTP_01);
        assertThat(responder.supports(Contexts.http01("example.com"))).isTrue();
        assertThat(responder.supports(Contexts.dns01("example.com"))).isFalse();
        assertThat(responder.supports(Contexts.tlsAlpn01(Identifier.dns("example.com")))).isFalse();
        // Not token/key authorization: any file (name, content) of an http-01 context is served.
        HttpResource file = new HttpResource("client-chosen_path", "the-token", "text/plain");
        assertThat(responder.supports(Contexts.withFile(Challenge.HTTP_01, file))).isTrue();
    }

    @Test
    void servesAFileThatIsNotAKeyAuthorization() throws Exception {
        HttpResource file = new HttpResource("client-chosen_path", "the-token", "text/plain");
        Provision p = responder.provision(Contexts.withFile(Challenge.HTTP_01, file));
        assertThat(store.lookup("client-chosen_path")).contains(file);
        p.close();
        assertThat(store.lookup("client-chosen_path")).isEmpty();
    }

    @Test
    void reportsAConflictingFileAsAProvisioningFailure() throws Exception {
        HttpResource file = new HttpResource("same", "one", "text/plain");
        Provision p = responder.provision(Contexts.withFile(Challenge.HTTP_01, file));
        HttpResource other = new HttpResource("same", "two", "text/plain");
        assertThatThrownBy(() -> responder.provision(Contexts.withFile(Challenge.HTTP_01, other)))
                .isInstanceOf(ProvisioningException.class);
        assertThat(store.lookup("same")).contains(file);
        p.close();
    }

    @Test
    void refusesAContextWithoutAFile() {
        assertThatThrownBy(() -> responder.provision(Contexts.dns01("example.com")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("no file");
    }
}
