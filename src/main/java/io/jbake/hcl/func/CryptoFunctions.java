package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.go.GoStrings;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;

/**
 * Hash, bcrypt, RSA and UUID functions from hashicorp/go-cty-funcs ({@code crypto}, {@code uuid}), on the JDK's
 * providers. {@code bcrypt} and {@code uuidv4} are random by nature.
 */
public final class CryptoFunctions {

    /** Made on first use: a SecureRandom initialises the JDK's security providers, which few definitions need. */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    private CryptoFunctions() {}

    static List<Function> all() {
        return List.of(MD5, SHA1, SHA256, SHA512, BCRYPT, RSADECRYPT, UUIDV4, UUIDV5);
    }

    private static Function digest(String name, String algorithm) {
        return Function.of(name, List.of(of("str", Type.STRING)), args -> {
            try {
                byte[] d = MessageDigest.getInstance(algorithm)
                        .digest(args.get(0).asString().getBytes(StandardCharsets.UTF_8));
                return Value.string(HexFormat.of().formatHex(d));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always provides " + algorithm, e);
            }
        });
    }

    public static final Function MD5 = digest("md5", "MD5");
    public static final Function SHA1 = digest("sha1", "SHA-1");
    public static final Function SHA256 = digest("sha256", "SHA-256");
    public static final Function SHA512 = digest("sha512", "SHA-512");

    /** {@code bcrypt(str[, cost])}: cost 10 by default; like Go, a cost below 4 also means 10. */
    public static final Function BCRYPT =
            Function.variadic("bcrypt", List.of(of("str", Type.STRING)), of("cost", Type.NUMBER), args -> {
                long cost = 10;
                if (args.size() > 1) {
                    cost = Args.toLong(args.get(1), -1, "");
                }
                if (args.size() > 2) {
                    throw new FunctionException("bcrypt() takes no more than two arguments");
                }
                if (cost < 4) {
                    cost = 10;
                }
                if (cost > 31) {
                    throw new FunctionException("error occured generating password crypto/bcrypt: cost " + cost
                            + " is outside allowed inclusive range 4..31");
                }
                byte[] salt = new byte[16];
                Random.SOURCE.nextBytes(salt);
                return Value.string(Bcrypt.hash(args.get(0).asString(), (int) cost, salt));
            });

    /** {@code rsadecrypt(base64 ciphertext, PEM PKCS#1 private key)} with PKCS#1 v1.5 padding. */
    public static final Function RSADECRYPT =
            Function.of("rsadecrypt", List.of(of("ciphertext", Type.STRING), of("privatekey", Type.STRING)), args -> {
                String s = args.get(0).asString();
                byte[] cipherText;
                try {
                    cipherText = Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    throw new FunctionException(
                            "failed to decode input " + GoStrings.quote(s) + ": cipher text must be base64-encoded");
                }
                String pem = args.get(1).asString();
                int begin = pem.indexOf("-----BEGIN ");
                int bodyStart = begin < 0 ? -1 : pem.indexOf('\n', begin);
                int end = pem.indexOf("-----END ", Math.max(bodyStart, 0));
                if (begin < 0 || bodyStart < 0 || end < 0) {
                    throw new FunctionException("failed to parse key: no key found");
                }
                String body = pem.substring(bodyStart + 1, end);
                if (body.contains("Proc-Type: 4,ENCRYPTED")) {
                    throw new FunctionException("failed to parse key: password protected keys are not supported. "
                            + "Please decrypt the key prior to use");
                }
                byte[] der;
                try {
                    der = Base64.getMimeDecoder().decode(body.replaceAll("(?m)^[A-Za-z-]+:.*$", ""));
                } catch (IllegalArgumentException e) {
                    throw new FunctionException("failed to parse key: no key found");
                }
                PrivateKey key = pkcs1PrivateKey(der);
                try {
                    Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                    c.init(Cipher.DECRYPT_MODE, key);
                    return Value.string(new String(c.doFinal(cipherText), StandardCharsets.UTF_8));
                } catch (GeneralSecurityException e) {
                    throw new FunctionException("crypto/rsa: decryption error");
                }
            });

    /** Reads a PKCS#1 RSAPrivateKey: SEQUENCE { version, n, e, d, p, q, dp, dq, qinv }. */
    private static PrivateKey pkcs1PrivateKey(byte[] der) {
        try {
            int[] pos = {0};
            expectTag(der, pos, 0x30);
            readLength(der, pos);
            BigInteger[] ints = new BigInteger[9];
            for (int i = 0; i < 9; i++) {
                expectTag(der, pos, 0x02);
                int len = readLength(der, pos);
                byte[] v = new byte[len];
                System.arraycopy(der, pos[0], v, 0, len);
                pos[0] += len;
                ints[i] = new BigInteger(v);
            }
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new RSAPrivateCrtKeySpec(
                            ints[1], ints[2], ints[3], ints[4], ints[5], ints[6], ints[7], ints[8]));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new FunctionException(
                    "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for " + "this key format)");
        }
    }

    private static void expectTag(byte[] der, int[] pos, int tag) {
        if ((der[pos[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag");
        }
    }

    private static int readLength(byte[] der, int[] pos) {
        int b = der[pos[0]++] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7f;
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = len << 8 | (der[pos[0]++] & 0xff);
        }
        return len;
    }

    public static final Function UUIDV4 = Function.of("uuidv4", List.of(), args -> {
        byte[] b = new byte[16];
        Random.SOURCE.nextBytes(b);
        b[6] = (byte) (b[6] & 0x0f | 0x40);
        b[8] = (byte) (b[8] & 0x3f | 0x80);
        return Value.string(uuidString(b));
    });

    private static final byte[] NAMESPACE_DNS = parseUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final byte[] NAMESPACE_URL = parseUuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
    private static final byte[] NAMESPACE_OID = parseUuid("6ba7b812-9dad-11d1-80b4-00c04fd430c8");
    private static final byte[] NAMESPACE_X500 = parseUuid("6ba7b814-9dad-11d1-80b4-00c04fd430c8");

    /** {@code uuidv5(namespace, name)}: namespace "dns", "url", "oid", "x500" or a UUID. */
    public static final Function UUIDV5 =
            Function.of("uuidv5", List.of(of("namespace", Type.STRING), of("name", Type.STRING)), args -> {
                String ns = args.get(0).asString();
                byte[] namespace;
                switch (ns) {
                    case "dns":
                        namespace = NAMESPACE_DNS;
                        break;
                    case "url":
                        namespace = NAMESPACE_URL;
                        break;
                    case "oid":
                        namespace = NAMESPACE_OID;
                        break;
                    case "x500":
                        namespace = NAMESPACE_X500;
                        break;
                    default:
                        try {
                            namespace = parseUuid(ns);
                        } catch (IllegalArgumentException e) {
                            throw new FunctionException(
                                    "uuidv5() doesn't support namespace " + ns + " (" + e.getMessage() + ")");
                        }
                }
                try {
                    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                    sha1.update(namespace);
                    byte[] h = sha1.digest(args.get(1).asString().getBytes(StandardCharsets.UTF_8));
                    byte[] b = new byte[16];
                    System.arraycopy(h, 0, b, 0, 16);
                    b[6] = (byte) (b[6] & 0x0f | 0x50);
                    b[8] = (byte) (b[8] & 0x3f | 0x80);
                    return Value.string(uuidString(b));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK always provides SHA-1", e);
                }
            });

    private static String uuidString(byte[] b) {
        String h = HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    /** google/uuid's {@code Parse}: 36 chars, {36}, urn:uuid:36, or 32 hex digits; its error wording. */
    private static byte[] parseUuid(String s) {
        switch (s.length()) {
            case 36:
                break;
            case 45:
                if (!s.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
                    throw new IllegalArgumentException("invalid urn prefix: " + GoStrings.quote(s.substring(0, 9)));
                }
                s = s.substring(9);
                break;
            case 38:
                if (s.charAt(0) != '{' || s.charAt(37) != '}') {
                    throw new IllegalArgumentException("invalid bracketed UUID format");
                }
                s = s.substring(1, 37);
                break;
            case 32: {
                byte[] b = new byte[16];
                for (int i = 0; i < 16; i++) {
                    b[i] = (byte) hexByte(s, i * 2);
                }
                return b;
            }
            default:
                throw new IllegalArgumentException("invalid UUID length: " + s.length());
        }
        if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            throw new IllegalArgumentException("invalid UUID format");
        }
        byte[] b = new byte[16];
        int[] offsets = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) hexByte(s, offsets[i]);
        }
        return b;
    }

    private static int hexByte(String s, int at) {
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        if (hi < 0 || lo < 0) {
            throw new IllegalArgumentException("invalid UUID format");
        }
        return hi << 4 | lo;
    }
}
