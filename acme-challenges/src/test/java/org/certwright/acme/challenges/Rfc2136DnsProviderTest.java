package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.DnsNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Updates as a server receives them over the wire: signed, verified and answered by dnsjava on both ends. */
class Rfc2136DnsProviderTest {

    private static final String SECRET = Base64.getEncoder().encodeToString(
            "a 32 byte secret for HMAC-SHA256".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private static final TSIG SERVER_KEY = new TSIG(TSIG.HMAC_SHA256, DnsNames.absolute("acme-update"), SECRET);
    private static final Name ZONE = DnsNames.absolute("example.com");
    private static final DnsRecord RECORD = new DnsRecord("_acme-challenge.www.example.com",
            "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0", false);

    private FakeDnsServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            assertThat(server.errors()).isEmpty();
            server.close();
        }
    }

    @Test
    void publishSendsATsigSignedAddOverTcpAndAcceptsTheSignedAnswer() throws Exception {
        server = FakeDnsServer.start(Rfc2136DnsProviderTest::verifyAndAccept);

        provider().publish(RECORD);

        FakeDnsServer.Received update = server.received().get(0);
        assertThat(update.tcp()).as("updates go over TCP").isTrue();
        Message message = update.message();
        assertThat(message.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
        assertThat(message.getSection(Section.ZONE).get(0).getName()).isEqualTo(ZONE);
        assertThat(message.getSection(Section.UPDATE)).singleElement().satisfies(record -> {
            assertThat(record.getName()).isEqualTo(DnsNames.absolute(RECORD.name()));
            assertThat(record.getDClass()).isEqualTo(DClass.IN);
            assertThat(record.getTTL()).isEqualTo(120);
            assertThat(DnsNames.value((TXTRecord) record)).isEqualTo(RECORD.value());
        });
        assertThat(message.getTSIG().getName()).isEqualTo(DnsNames.absolute("acme-update"));
        assertThat(message.getTSIG().getAlgorithm()).isEqualTo(TSIG.HMAC_SHA256);
    }

    @Test
    void removeDeletesExactlyTheValue() throws Exception {
        server = FakeDnsServer.start(Rfc2136DnsProviderTest::verifyAndAccept);

        provider().remove(RECORD);

        assertThat(server.received().get(0).message().getSection(Section.UPDATE)).singleElement().satisfies(record -> {
            assertThat(record.getDClass()).isEqualTo(DClass.NONE);
            assertThat(record.getTTL()).isZero();
            assertThat(DnsNames.value((TXTRecord) record)).isEqualTo(RECORD.value());
        });
    }

    @Test
    void aRefusalNamesTheRcodeAndTsigErrorButNeverTheSecret() throws Exception {
        server = FakeDnsServer.start((query, wire) -> {
            Message response = reply(query, Rcode.NOTAUTH);
            // As BIND does for a bad signature: NOTAUTH, with the TSIG error BADSIG in an unsigned TSIG record.
            response.addRecord(new org.xbill.DNS.TSIGRecord(query.getTSIG().getName(), DClass.ANY, 0,
                    query.getTSIG().getAlgorithm(), query.getTSIG().getTimeSigned(), query.getTSIG().getFudge(),
                    new byte[0], query.getHeader().getID(), Rcode.BADSIG, null), Section.ADDITIONAL);
            return response;
        });

        assertThatThrownBy(() -> provider().publish(RECORD))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("NOTAUTH")
                .hasMessageContaining("BADSIG")
                .hasMessageContaining("acme-update (hmac-sha256)")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anUnsignedSuccessIsNotTrusted() throws Exception {
        server = FakeDnsServer.start((query, wire) -> reply(query, Rcode.NOERROR));

        assertThatThrownBy(() -> provider().publish(RECORD))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("not signed");
    }

    @Test
    void aSuccessSignedWithAnotherKeyIsNotTrusted() throws Exception {
        TSIG impostor = new TSIG(TSIG.HMAC_SHA256, DnsNames.absolute("acme-update"),
                Base64.getEncoder().encodeToString("another secret, of 32 bytes too.".getBytes()));
        server = FakeDnsServer.start((query, wire) -> {
            Message response = reply(query, Rcode.NOERROR);
            response.setTSIG(impostor, Rcode.NOERROR, query.getTSIG());
            return response;
        });

        assertThatThrownBy(() -> provider().publish(RECORD))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void withoutAZoneTheZoneIsFoundBySoaQueriesToTheServer() throws Exception {
        AtomicInteger soaQueries = new AtomicInteger();
        server = FakeDnsServer.start((query, wire) -> {
            if (query.getHeader().getOpcode() == Opcode.UPDATE) {
                return verifyAndAccept(query, wire);
            }
            assertThat(query.getQuestion().getType()).isEqualTo(Type.SOA);
            assertThat(query.getHeader().getFlag(Flags.RD)).isFalse();
            soaQueries.incrementAndGet();
            Message response = reply(query, Rcode.NXDOMAIN);
            response.addRecord(new SOARecord(ZONE, DClass.IN, 60, DnsNames.absolute("ns.example.com"),
                    DnsNames.absolute("hostmaster.example.com"), 1, 60, 60, 600, 60), Section.AUTHORITY);
            return response;
        });
        Rfc2136DnsProvider provider = Rfc2136DnsProvider.builder(server.address())
                .tsigKey("acme-update", "hmac-sha256", SECRET)
                .build();

        provider.publish(RECORD);
        provider.remove(RECORD);

        assertThat(soaQueries).as("the zone is looked up once per name").hasValue(1);
        assertThat(server.received()).filteredOn(r -> r.message().getHeader().getOpcode() == Opcode.UPDATE)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.message().getSection(Section.ZONE).get(0).getName()).isEqualTo(ZONE));
    }

    @Test
    void aNameOutsideTheGivenZoneIsRefusedWithoutAsking() throws Exception {
        server = FakeDnsServer.start(Rfc2136DnsProviderTest::verifyAndAccept);

        assertThatThrownBy(() -> provider().publish(new DnsRecord("_acme-challenge.example.org", "v", false)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("not in the zone example.com");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        server = FakeDnsServer.start((query, wire) -> null);
        Rfc2136DnsProvider provider = Rfc2136DnsProvider.builder(server.address())
                .zone("example.com")
                .timeout(Duration.ofMillis(300))
                .build();

        assertThatThrownBy(() -> provider.publish(RECORD))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("failed");
    }

    @Test
    void keyConfigurationErrorsNeverShowTheSecret() {
        var builder = Rfc2136DnsProvider.builder("127.0.0.1", 53);

        assertThatThrownBy(() -> builder.tsigKey("k", "hmac-sha256", "not base64 %%% " + "s3cr3t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not base64")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> builder.tsigKey("k", "hmac-sha3", SECRET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tsigKey("k", "hmac-sha256", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.tsigKey("k", "HmacSHA512", SECRET).build().toString())
                .contains("127.0.0.1:53", "k (hmac-sha512)", "found by SOA")
                .doesNotContain(SECRET);
    }

    private Rfc2136DnsProvider provider() {
        return Rfc2136DnsProvider.builder(server.address())
                .zone("example.com")
                .tsigKey("acme-update", "hmac-sha256", SECRET)
                .ttl(Duration.ofMinutes(2))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    /** What BIND does with a good update: checks the signature, applies it, signs the answer. */
    private static Message verifyAndAccept(Message query, byte[] wire) {
        assertThat(query.getTSIG()).as("the update is signed").isNotNull();
        assertThat(SERVER_KEY.verify(query, wire, null)).as("the signature verifies").isEqualTo(Rcode.NOERROR);
        Message response = reply(query, Rcode.NOERROR);
        response.setTSIG(SERVER_KEY, Rcode.NOERROR, query.getTSIG());
        return response;
    }

    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(rcode);
        if (query.getHeader().getOpcode() == Opcode.UPDATE) {
            response.addRecord(query.getSection(Section.ZONE).get(0), Section.ZONE);
        } else {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }
}
