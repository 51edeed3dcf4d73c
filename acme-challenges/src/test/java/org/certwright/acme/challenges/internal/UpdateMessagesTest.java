package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

class UpdateMessagesTest {

    private static final Name ZONE = DnsNames.absolute("example.com");
    private static final Name NAME = DnsNames.absolute("_acme-challenge.www.example.com");
    private static final String VALUE = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    private static final String SECRET = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void addNamesTheZoneAndAddsOneTxtRecord() {
        Update update = UpdateMessages.add(ZONE, NAME, 60, VALUE);

        assertThat(update.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
        assertThat(update.getSection(Section.ZONE)).singleElement().satisfies(zone -> {
            assertThat(zone.getName()).isEqualTo(ZONE);
            assertThat(zone.getType()).isEqualTo(Type.SOA);
            assertThat(zone.getDClass()).isEqualTo(DClass.IN);
        });
        assertThat(update.getSection(Section.PREREQ)).isEmpty();
        assertThat(update.getSection(Section.UPDATE)).singleElement().satisfies(record -> {
            assertThat(record.getName()).isEqualTo(NAME);
            assertThat(record.getType()).isEqualTo(Type.TXT);
            assertThat(record.getDClass()).as("class IN adds").isEqualTo(DClass.IN);
            assertThat(record.getTTL()).isEqualTo(60);
            assertThat(DnsNames.value((TXTRecord) record)).isEqualTo(VALUE);
        });
    }

    @Test
    void deleteRemovesExactlyThatValue() {
        Update update = UpdateMessages.delete(ZONE, NAME, VALUE);

        assertThat(update.getSection(Section.UPDATE)).singleElement().satisfies(record -> {
            assertThat(record.getName()).isEqualTo(NAME);
            assertThat(record.getType()).isEqualTo(Type.TXT);
            // RFC 2136 §2.5.4: class NONE with the rdata deletes one RR; ANY would delete the whole RRset.
            assertThat(record.getDClass()).isEqualTo(DClass.NONE);
            assertThat(record.getTTL()).isZero();
            assertThat(DnsNames.value((TXTRecord) record)).isEqualTo(VALUE);
        });
    }

    @Test
    void signedUpdateCarriesAVerifiableHmacSha256Signature() throws Exception {
        TSIG key = new TSIG(TSIG.HMAC_SHA256, DnsNames.absolute("acme-update"), SECRET);
        Update update = UpdateMessages.add(ZONE, NAME, 60, VALUE);
        update.setTSIG(key);
        byte[] wire = update.toWire(Message.MAXLENGTH);

        Message received = new Message(wire);
        assertThat(received.getTSIG()).isNotNull();
        Record last = received.getSection(Section.ADDITIONAL).get(received.getSection(Section.ADDITIONAL).size() - 1);
        assertThat(last.getType()).as("TSIG is the last record").isEqualTo(Type.TSIG);
        assertThat(received.getTSIG().getName()).isEqualTo(DnsNames.absolute("acme-update"));
        assertThat(received.getTSIG().getAlgorithm()).isEqualTo(TSIG.HMAC_SHA256);
        assertThat(received.getTSIG().getSignature()).hasSize(32);
        assertThat(key.verify(received, wire, null)).isEqualTo(Rcode.NOERROR);
        assertThat(received.isVerified()).isTrue();

        TSIG wrongSecret = new TSIG(TSIG.HMAC_SHA256, DnsNames.absolute("acme-update"),
                Base64.getEncoder().encodeToString("another secret of thirty-two b.".getBytes()));
        assertThat(wrongSecret.verify(new Message(wire), wire, null)).isEqualTo(Rcode.BADSIG);
        TSIG wrongName = new TSIG(TSIG.HMAC_SHA256, DnsNames.absolute("other-key"), SECRET);
        assertThat(wrongName.verify(new Message(wire), wire, null)).isEqualTo(Rcode.BADKEY);
    }

    @Test
    void addAndDeleteOfALongValueUseTheSameStrings() {
        String value = "x".repeat(400);
        TXTRecord added = (TXTRecord) UpdateMessages.add(ZONE, NAME, 60, value).getSection(Section.UPDATE).get(0);
        TXTRecord deleted = (TXTRecord) UpdateMessages.delete(ZONE, NAME, value).getSection(Section.UPDATE).get(0);

        assertThat(added.getStrings()).isEqualTo(deleted.getStrings()).hasSize(2);
        assertThat(List.of(added.getStrings().get(0).length(), added.getStrings().get(1).length())).containsExactly(255, 145);
    }
}
