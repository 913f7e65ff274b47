package io.jbake.buildkit.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A private key loaded from an unencrypted OpenSSH key file ({@code -----BEGIN OPENSSH PRIVATE KEY-----},
 * what ssh-keygen writes), for the in-process agent. Supports ed25519 and RSA, signing with the JDK.
 */
final class AgentKey {
    private static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String END = "-----END OPENSSH PRIVATE KEY-----";
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** Agent sign-request flags (draft-miller-ssh-agent §4.5.1). */
    private static final int RSA_SHA2_256 = 2;

    private static final int RSA_SHA2_512 = 4;

    private final String type;
    private final byte[] publicBlob;
    private final String comment;
    private final PrivateKey privateKey;

    private AgentKey(String type, byte[] publicBlob, String comment, PrivateKey privateKey) {
        this.type = type;
        this.publicBlob = publicBlob;
        this.comment = comment;
        this.privateKey = privateKey;
    }

    /**
     * Parses a key file's text.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing key material)
     */
    static AgentKey parse(String fileText) {
        int begin = fileText.indexOf(BEGIN);
        int end = fileText.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(
                    "not an OpenSSH private key (only the format ssh-keygen writes is supported)");
        }
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(fileText.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed OpenSSH private key");
        }
        if (raw.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(raw, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("malformed OpenSSH private key");
        }
        SshWire.Reader reader = new SshWire.Reader(Arrays.copyOfRange(raw, MAGIC.length, raw.length));
        String cipher = reader.text();
        reader.text(); // kdf name
        reader.string(); // kdf options
        if (!cipher.equals("none")) {
            throw new IllegalArgumentException(
                    "passphrase-protected keys are not supported; add the key to an ssh-agent and forward the agent");
        }
        if (reader.uint32() != 1) {
            throw new IllegalArgumentException("key files holding several keys are not supported");
        }
        byte[] publicBlob = reader.string();
        SshWire.Reader secret = new SshWire.Reader(reader.string());
        if (secret.uint32() != secret.uint32()) {
            throw new IllegalArgumentException("malformed OpenSSH private key");
        }
        String type = secret.text();
        try {
            switch (type) {
                case "ssh-ed25519": {
                    secret.string(); // public key, also in publicBlob
                    byte[] seed = Arrays.copyOf(secret.string(), 32);
                    PrivateKey key = KeyFactory.getInstance("Ed25519")
                            .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
                    return new AgentKey(type, publicBlob, secret.text(), key);
                }
                case "ssh-rsa": {
                    BigInteger n = secret.mpint();
                    BigInteger e = secret.mpint();
                    BigInteger d = secret.mpint();
                    BigInteger qInverse = secret.mpint();
                    BigInteger p = secret.mpint();
                    BigInteger q = secret.mpint();
                    PrivateKey key = KeyFactory.getInstance("RSA")
                            .generatePrivate(new RSAPrivateCrtKeySpec(
                                    n,
                                    e,
                                    d,
                                    p,
                                    q,
                                    d.mod(p.subtract(BigInteger.ONE)),
                                    d.mod(q.subtract(BigInteger.ONE)),
                                    qInverse));
                    return new AgentKey(type, publicBlob, secret.text(), key);
                }
                default:
                    throw new IllegalArgumentException(
                            "unsupported key type " + type + " (ed25519 and RSA are supported)");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable " + type + " key");
        }
    }

    byte[] publicBlob() {
        return publicBlob;
    }

    String comment() {
        return comment;
    }

    /** The agent's signature blob (algorithm name + signature) for {@code data}. */
    byte[] sign(byte[] data, int flags) throws GeneralSecurityException {
        String algorithm;
        String jca;
        if (type.equals("ssh-ed25519")) {
            algorithm = "ssh-ed25519";
            jca = "Ed25519";
        } else if ((flags & RSA_SHA2_512) != 0) {
            algorithm = "rsa-sha2-512";
            jca = "SHA512withRSA";
        } else if ((flags & RSA_SHA2_256) != 0) {
            algorithm = "rsa-sha2-256";
            jca = "SHA256withRSA";
        } else {
            algorithm = "ssh-rsa";
            jca = "SHA1withRSA";
        }
        Signature signature = Signature.getInstance(jca);
        signature.initSign(privateKey);
        signature.update(data);
        return new SshWire.Writer().string(algorithm).string(signature.sign()).toByteArray();
    }
}
