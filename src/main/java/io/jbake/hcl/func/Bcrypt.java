package io.jbake.hcl.func;

import io.jbake.hcl.limits.Cancellation;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * OpenBSD bcrypt ($2a$), as Go's {@code golang.org/x/crypto/bcrypt} produces it: the key is the password's
 * UTF-8 bytes plus a NUL, the salt 16 bytes, the output {@code $2a$CC$} + 22 + 31 characters of bcrypt's base64.
 *
 * <p>Blowfish's initial P-array and S-boxes are, by definition, the hexadecimal digits of pi's fractional part.
 * They are computed once, on first use, with Machin's formula in fixed-point integer arithmetic rather than
 * tabulated.
 */
final class Bcrypt {

    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final byte[] MAGIC = "OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII);
    private static final int PI_WORDS = 18 + 4 * 256;

    private Bcrypt() {}

    /**
     * The first 1042 32-bit words of pi's fractional hex digits: P (18 words) then S0..S3 (256 each), computed
     * when bcrypt is first used (the holder class is initialised lazily and safely by the JVM).
     */
    private static final class Pi {
        static final int[] WORDS = computePi();
    }

    private static int[] computePi() {
        int bits = PI_WORDS * 32 + 64;
        BigInteger one = BigInteger.ONE.shiftLeft(bits);
        // pi = 16 atan(1/5) - 4 atan(1/239)
        BigInteger pi = arctanInverse(5, one)
                .shiftLeft(4)
                .subtract(arctanInverse(239, one).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(64);
        int[] w = new int[PI_WORDS];
        for (int i = 0; i < PI_WORDS; i++) {
            w[i] = fraction.shiftRight((PI_WORDS - 1 - i) * 32).intValue();
        }
        return w;
    }

    /** atan(1/x) scaled by {@code one}, by its alternating series. */
    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger x2 = BigInteger.valueOf((long) x * x);
        BigInteger term = one.divide(BigInteger.valueOf(x));
        BigInteger sum = term;
        for (int n = 3; term.signum() != 0; n += 2) {
            term = term.divide(x2);
            BigInteger t = term.divide(BigInteger.valueOf(n));
            sum = (n & 2) != 0 ? sum.subtract(t) : sum.add(t);
        }
        return sum;
    }

    /** The bcrypt hash of {@code password} with the given cost (4..31) and 16-byte salt. */
    static String hash(String password, int cost, byte[] salt) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[pw.length + 1];
        System.arraycopy(pw, 0, key, 0, pw.length);
        int[] init = Pi.WORDS;
        int[] p = new int[18];
        int[] s = new int[1024];
        System.arraycopy(init, 0, p, 0, 18);
        System.arraycopy(init, 18, s, 0, 1024);

        expandKey(p, s, key, salt);
        long rounds = 1L << cost;
        for (long i = 0; i < rounds; i++) {
            if ((i & 1023) == 0) {
                Cancellation.checkpoint(); // cost 31 is hours of work
            }
            expandKey(p, s, key, null);
            expandKey(p, s, salt, null);
        }
        int[] data = new int[6];
        for (int i = 0; i < 6; i++) {
            data[i] = word(MAGIC, i * 4);
        }
        int[] lr = new int[2];
        for (int r = 0; r < 64; r++) {
            for (int j = 0; j < 6; j += 2) {
                lr[0] = data[j];
                lr[1] = data[j + 1];
                encrypt(p, s, lr);
                data[j] = lr[0];
                data[j + 1] = lr[1];
            }
        }
        byte[] out = new byte[24];
        for (int i = 0; i < 6; i++) {
            out[i * 4] = (byte) (data[i] >>> 24);
            out[i * 4 + 1] = (byte) (data[i] >>> 16);
            out[i * 4 + 2] = (byte) (data[i] >>> 8);
            out[i * 4 + 3] = (byte) data[i];
        }
        StringBuilder sb = new StringBuilder(60).append("$2a$");
        if (cost < 10) {
            sb.append('0');
        }
        sb.append(cost).append('$');
        encode(salt, 16, sb);
        encode(out, 23, sb);
        return sb.toString();
    }

    /** Decodes the 22-character salt of a bcrypt hash. */
    static byte[] decodeSalt(String hash) {
        String s = hash.substring(7, 29);
        byte[] out = new byte[16];
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < s.length() && o < 16; i++) {
            acc = acc << 6 | ALPHABET.indexOf(s.charAt(i));
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
            }
        }
        return out;
    }

    private static void encode(byte[] b, int len, StringBuilder sb) {
        int i = 0;
        while (i < len) {
            int c1 = b[i++] & 0xff;
            sb.append(ALPHABET.charAt(c1 >> 2));
            c1 = (c1 & 0x03) << 4;
            if (i >= len) {
                sb.append(ALPHABET.charAt(c1));
                break;
            }
            int c2 = b[i++] & 0xff;
            c1 |= c2 >> 4;
            sb.append(ALPHABET.charAt(c1));
            c1 = (c2 & 0x0f) << 2;
            if (i >= len) {
                sb.append(ALPHABET.charAt(c1));
                break;
            }
            c2 = b[i++] & 0xff;
            c1 |= c2 >> 6;
            sb.append(ALPHABET.charAt(c1)).append(ALPHABET.charAt(c2 & 0x3f));
        }
    }

    private static int word(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    /** The next 32 bits of {@code data} taken cyclically from {@code pos[0]}. */
    private static int streamWord(byte[] data, int[] pos) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            w = w << 8 | (data[pos[0]] & 0xff);
            pos[0] = (pos[0] + 1) % data.length;
        }
        return w;
    }

    /** Blowfish key schedule, with the salt mixed into each encrypted block when given (eksblowfish). */
    private static void expandKey(int[] p, int[] s, byte[] key, byte[] salt) {
        int[] kp = {0};
        for (int i = 0; i < 18; i++) {
            p[i] ^= streamWord(key, kp);
        }
        int[] sp = {0};
        int[] lr = {0, 0};
        for (int i = 0; i < 18; i += 2) {
            if (salt != null) {
                lr[0] ^= streamWord(salt, sp);
                lr[1] ^= streamWord(salt, sp);
            }
            encrypt(p, s, lr);
            p[i] = lr[0];
            p[i + 1] = lr[1];
        }
        for (int i = 0; i < 1024; i += 2) {
            if (salt != null) {
                lr[0] ^= streamWord(salt, sp);
                lr[1] ^= streamWord(salt, sp);
            }
            encrypt(p, s, lr);
            s[i] = lr[0];
            s[i + 1] = lr[1];
        }
    }

    private static void encrypt(int[] p, int[] s, int[] lr) {
        int l = lr[0];
        int r = lr[1];
        l ^= p[0];
        for (int i = 1; i <= 16; i += 2) {
            r ^= f(s, l) ^ p[i];
            l ^= f(s, r) ^ p[i + 1];
        }
        lr[0] = r ^ p[17];
        lr[1] = l;
    }

    private static int f(int[] s, int x) {
        return ((s[x >>> 24] + s[0x100 | (x >>> 16) & 0xff]) ^ s[0x200 | (x >>> 8) & 0xff]) + s[0x300 | x & 0xff];
    }
}
