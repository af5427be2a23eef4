package fr.mecaformation.catalog.domain;

import java.util.Base64;

/** The HMAC key of media links (32 bytes or more), shared by every instance of catalog-service. */
public record MediaSigningKey(byte[] bytes) {

    public MediaSigningKey {
        if (bytes.length < 32) {
            throw new IllegalStateException("meca.catalog.media.signing-key must hold at least 32 bytes");
        }
        bytes = bytes.clone();
    }

    public static MediaSigningKey fromBase64(String key) {
        return new MediaSigningKey(Base64.getDecoder().decode(key.strip()));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
