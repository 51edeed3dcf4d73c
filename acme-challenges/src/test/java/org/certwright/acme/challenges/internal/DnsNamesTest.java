package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

class DnsNamesTest {

    @Test
    void namesAreAbsoluteAndLowerCaseAndWrittenWithoutTheDot() {
        assertThat(DnsNames.absolute("_ACME-Challenge.Example.COM").toString()).isEqualTo("_acme-challenge.example.com.");
        assertThat(DnsNames.absolute("example.com.")).isEqualTo(DnsNames.absolute("example.com"));
        assertThat(DnsNames.text(DnsNames.absolute("Example.com"))).isEqualTo("example.com");
        assertThatThrownBy(() -> DnsNames.absolute("a..b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShortValueIsOneString() {
        TXTRecord record = DnsNames.txt(DnsNames.absolute("x.example"), DClass.IN, 60, "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0");

        assertThat(record.getStrings()).containsExactly("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0");
        assertThat(record.getTTL()).isEqualTo(60);
    }

    @Test
    void aLongValueIsSplitInto255ByteStringsAndJoinedBack() throws Exception {
        String value = "ca.example; accounturi=https://ca.example/acct/" + "7".repeat(500);

        TXTRecord record = roundTrip(DnsNames.txt(DnsNames.absolute("x.example"), DClass.IN, 60, value));

        assertThat(record.getStringsAsByteArrays()).hasSize(3)
                .allSatisfy(string -> assertThat(string.length).isLessThanOrEqualTo(255));
        assertThat(DnsNames.value(record)).isEqualTo(value);
    }

    @Test
    void bytesSurviveExactlyWhateverTheyAre() throws Exception {
        String value = "back\\slash \"quoted\" ünïcödé ; x=y";

        TXTRecord record = roundTrip(DnsNames.txt(DnsNames.absolute("x.example"), DClass.IN, 60, value));

        assertThat(DnsNames.value(record)).isEqualTo(value);
    }

    @Test
    void anEmptyValueIsOneEmptyString() {
        assertThat(DnsNames.txt(DnsNames.absolute("x.example"), DClass.IN, 60, "").getStrings()).containsExactly("");
    }

    private static TXTRecord roundTrip(TXTRecord record) throws Exception {
        Message message = new Message();
        message.addRecord(record, Section.ANSWER);
        return (TXTRecord) new Message(message.toWire()).getSection(Section.ANSWER).get(0);
    }
}
