package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class StepCaServerTest {

    @Test
    void configHasAnOpenAndAnEabProvisionerOnLoopback(@TempDir Path dir) {
        JsonNode config = StepCaServer.configJson(dir, 4443);

        assertThat(config.get("address").asString()).isEqualTo("127.0.0.1:4443");
        assertThat(config.get("root").asString()).isEqualTo(dir.resolve(StepCaPki.ROOT_PEM).toString());
        JsonNode provisioners = config.get("authority").get("provisioners");
        assertThat(provisioners).hasSize(2);
        assertThat(provisioners.get(0).get("name").asString()).isEqualTo(StepCaServer.PROVISIONER);
        assertThat(provisioners.get(0).has("requireEAB")).isFalse();
        assertThat(provisioners.get(1).get("name").asString()).isEqualTo(StepCaServer.EAB_PROVISIONER);
        assertThat(provisioners.get(1).get("requireEAB").asBoolean()).isTrue();
    }

    @Test
    void validationAddressesAreLoopbackButNot127001() {
        for (int i = 0; i < 200; i++) {
            InetAddress address = StepCaServer.randomLoopback();
            assertThat(address.isLoopbackAddress()).isTrue();
            assertThat(address.getHostAddress()).isNotEqualTo("127.0.0.1");
        }
    }

    @Test
    void theIntermediateChainsToTheRoot(@TempDir Path dir) throws Exception {
        StepCaPki pki = StepCaPki.create();
        pki.writeTo(dir);

        var intermediate = TestCertificateAuthority.parseCertificates(
                java.nio.file.Files.readString(dir.resolve(StepCaPki.INTERMEDIATE_PEM))).get(0);
        intermediate.verify(pki.root().getPublicKey());
        assertThat(intermediate.getBasicConstraints()).isZero();
    }
}
