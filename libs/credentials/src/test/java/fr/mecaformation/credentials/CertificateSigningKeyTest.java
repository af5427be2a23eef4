package fr.mecaformation.credentials;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateSigningKeyTest {

    static OctetKeyPair key(String kid) throws Exception {
        return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
    }

    @Test
    void what_it_signs_verifies_with_its_type_and_kid_and_nothing_altered_does() throws Exception {
        CertificateSigningKey signing = CertificateSigningKey.fromJwk(key("k1").toJSONString());
        String jws = signing.sign(CertificateSigningKey.CREDENTIAL_TYPE, Map.of("id", "urn:uuid:1", "name", "Badge"));

        assertThat(CertificateSigningKey.keyIdOf(jws)).isEqualTo("k1");
        assertThat(signing.verify(jws, CertificateSigningKey.CREDENTIAL_TYPE)).containsEntry("name", "Badge");
        assertThatThrownBy(() -> signing.verify(jws, CertificateSigningKey.TREE_HEAD_TYPE))
                .isInstanceOf(CertificateSigningKey.Unverified.class).hasMessageContaining("type attendu");
        String[] parts = jws.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"id\":\"urn:uuid:1\",\"name\":\"Badgf\"}".getBytes());
        assertThatThrownBy(() -> signing.verify(parts[0] + "." + otherPayload + "." + parts[2], CertificateSigningKey.CREDENTIAL_TYPE))
                .isInstanceOf(CertificateSigningKey.Unverified.class).hasMessageContaining("modifié");
        assertThatThrownBy(() -> signing.verify("pas un JWS", CertificateSigningKey.CREDENTIAL_TYPE))
                .isInstanceOf(CertificateSigningKey.Unverified.class).hasMessageContaining("lisible");
    }

    @Test
    void after_a_rotation_the_old_keys_signatures_verify_and_an_unknown_kid_does_not() throws Exception {
        OctetKeyPair old = key("old");
        OctetKeyPair next = key("new");
        CertificateSigningKey before = CertificateSigningKey.fromJwk(old.toJSONString());
        String signedBefore = before.sign(CertificateSigningKey.CREDENTIAL_TYPE, Map.of("n", 1));

        CertificateSigningKey after = CertificateSigningKey.fromJwkSet(
                "{\"keys\":[" + next.toJSONString() + "," + old.toPublicJWK().toJSONString() + "]}", "new");
        assertThat(after.keyId()).isEqualTo("new");
        assertThat(after.keyIds()).containsExactly("new", "old");
        assertThat(after.verify(signedBefore, CertificateSigningKey.CREDENTIAL_TYPE)).containsEntry("n", 1L);
        assertThat(CertificateSigningKey.keyIdOf(after.sign(CertificateSigningKey.CREDENTIAL_TYPE, Map.of()))).isEqualTo("new");

        String stranger = CertificateSigningKey.fromJwk(key("stranger").toJSONString())
                .sign(CertificateSigningKey.CREDENTIAL_TYPE, Map.of("n", 1));
        assertThatThrownBy(() -> after.verify(stranger, CertificateSigningKey.CREDENTIAL_TYPE))
                .isInstanceOf(CertificateSigningKey.Unverified.class).hasMessageContaining("clé publiée");
    }

    @Test
    void the_published_set_holds_public_halves_only_and_bad_sets_are_refused() throws Exception {
        CertificateSigningKey signing = CertificateSigningKey.fromJwk(key("k1").toJSONString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) signing.publicJwkSet().get("keys");
        assertThat(keys).singleElement().satisfies(jwk -> assertThat(jwk).containsEntry("kid", "k1").doesNotContainKey("d"));

        assertThatThrownBy(() -> CertificateSigningKey.fromJwk(key("p").toPublicJWK().toJSONString()))
                .isInstanceOf(IllegalArgumentException.class);
        String twoPrivate = "{\"keys\":[" + key("a").toJSONString() + "," + key("b").toJSONString() + "]}";
        assertThatThrownBy(() -> CertificateSigningKey.fromJwkSet(twoPrivate, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateSigningKey.fromJwkSet(twoPrivate, "c")).isInstanceOf(IllegalArgumentException.class);
        String sameKid = "{\"keys\":[" + key("a").toJSONString() + "," + key("a").toPublicJWK().toJSONString() + "]}";
        assertThatThrownBy(() -> CertificateSigningKey.fromJwkSet(sameKid, "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
