package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * CIDR functions from go-cty-funcs ({@code cidrhost}, {@code cidrnetmask}, {@code cidrsubnet},
 * {@code cidrsubnets}) with Go's {@code net.ParseCIDR} and {@code net.IP.String} conventions; addresses are
 * handled as unsigned integers of 32 or 128 bits.
 */
public final class NetworkFunctions {

    private NetworkFunctions() {}

    static List<Function> all() {
        return List.of(CIDRHOST, CIDRNETMASK, CIDRSUBNET, CIDRSUBNETS);
    }

    /** A network: its first address, prefix length and address width (32 or 128). */
    private static final class Network {
        final BigInteger base;
        final int prefix;
        final int bits;

        Network(BigInteger base, int prefix, int bits) {
            this.base = base;
            this.prefix = prefix;
            this.bits = bits;
        }

        BigInteger hostMask() {
            return BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        }

        BigInteger last() {
            return base.or(hostMask());
        }

        @Override
        public String toString() {
            return ipString(base, bits) + "/" + prefix;
        }
    }

    private static Network parseCidr(String s) {
        int slash = s.indexOf('/');
        FunctionException bad = new FunctionException("invalid CIDR expression: invalid CIDR address: " + s);
        if (slash < 0) {
            throw bad;
        }
        String addr = s.substring(0, slash);
        String len = s.substring(slash + 1);
        BigInteger ip;
        int bits;
        if (addr.indexOf(':') >= 0) {
            ip = parseIpv6(addr);
            bits = 128;
        } else {
            ip = parseIpv4(addr);
            bits = 32;
        }
        if (ip == null
                || len.isEmpty()
                || len.length() > 3
                || !len.chars().allMatch(Character::isDigit)
                || len.length() > 1 && len.charAt(0) == '0') {
            throw bad;
        }
        int prefix = Integer.parseInt(len);
        if (prefix > bits) {
            throw bad;
        }
        BigInteger mask = BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new Network(ip.and(mask), prefix, bits);
    }

    private static BigInteger parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty()
                    || p.length() > 3
                    || !p.chars().allMatch(Character::isDigit)
                    || p.length() > 1 && p.charAt(0) == '0') {
                return null;
            }
            int n = Integer.parseInt(p);
            if (n > 255) {
                return null;
            }
            v = v << 8 | n;
        }
        return BigInteger.valueOf(v);
    }

    private static BigInteger parseIpv6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (!groups(dbl < 0 ? s : s.substring(0, dbl), head) || dbl >= 0 && !groups(s.substring(dbl + 2), tail)) {
            return null;
        }
        int total = head.size() + tail.size();
        if (dbl < 0 ? total != 8 : total > 7) {
            return null;
        }
        BigInteger v = BigInteger.ZERO;
        List<Integer> all = new ArrayList<>(head);
        for (int i = total; i < 8; i++) {
            all.add(0);
        }
        all.addAll(tail);
        for (int g : all) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return v;
    }

    /** Hex groups, an embedded IPv4 tail counting as two groups. */
    private static boolean groups(String s, List<Integer> out) {
        if (s.isEmpty()) {
            return true;
        }
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                BigInteger v4 = parseIpv4(p);
                if (v4 == null) {
                    return false;
                }
                out.add(v4.intValue() >>> 16);
                out.add(v4.intValue() & 0xffff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return false;
            }
            try {
                out.add(Integer.parseInt(p, 16));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code net.IP.String}: dotted IPv4; IPv6 with the longest run of zero groups as "::". */
    static String ipString(BigInteger ip, int bits) {
        if (bits == 32) {
            long v = ip.longValue();
            return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ip.shiftRight((7 - i) * 16).intValue() & 0xffff;
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return ipString(ip.and(BigInteger.valueOf(0xffffffffL)), 32);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    public static final Function CIDRHOST =
            Function.of("cidrhost", List.of(of("prefix", Type.STRING), of("hostnum", Type.NUMBER)), args -> {
                long num = Args.toLong(args.get(1), -1, "");
                Network n = parseCidr(args.get(0).asString());
                BigInteger max = n.hostMask();
                BigInteger host = BigInteger.valueOf(num);
                if (num < 0) {
                    // go-cidr counts back from the last address
                    host = max.subtract(host.negate().subtract(BigInteger.ONE));
                }
                if (host.signum() < 0 || host.compareTo(max) > 0) {
                    throw new FunctionException(
                            "prefix of " + n.prefix + " does not accommodate a host numbered " + num);
                }
                return Value.string(ipString(n.base.or(host), n.bits));
            });

    public static final Function CIDRNETMASK = Function.of("cidrnetmask", List.of(of("prefix", Type.STRING)), args -> {
        Network n = parseCidr(args.get(0).asString());
        BigInteger all = BigInteger.ONE.shiftLeft(n.bits).subtract(BigInteger.ONE);
        return Value.string(ipString(all.xor(n.hostMask()), n.bits));
    });

    public static final Function CIDRSUBNET = Function.of(
            "cidrsubnet",
            List.of(of("prefix", Type.STRING), of("newbits", Type.NUMBER), of("netnum", Type.NUMBER)),
            args -> {
                long newbits = Args.toLong(args.get(1), -1, "");
                long netnum = Args.toLong(args.get(2), -1, "");
                Network n = parseCidr(args.get(0).asString());
                if (newbits > 32) {
                    throw new FunctionException("may not extend prefix by more than 32 bits");
                }
                int newPrefix = (int) (n.prefix + newbits);
                if (newPrefix > n.bits) {
                    throw new FunctionException(
                            "insufficient address space to extend prefix of " + n.prefix + " by " + newbits);
                }
                BigInteger num = BigInteger.valueOf(netnum);
                if (num.signum() < 0 || num.bitLength() > newbits) { // go-cidr compares it as unsigned
                    throw new FunctionException(
                            "prefix extension of " + newbits + " does not accommodate a subnet numbered " + netnum);
                }
                BigInteger base = n.base.or(num.shiftLeft(n.bits - newPrefix));
                return Value.string(new Network(base, newPrefix, n.bits).toString());
            });

    public static final Function CIDRSUBNETS =
            Function.variadic("cidrsubnets", List.of(of("prefix", Type.STRING)), of("newbits", Type.NUMBER), args -> {
                Network n;
                try {
                    n = parseCidr(args.get(0).asString());
                } catch (FunctionException e) {
                    throw new FunctionException(0, e.getMessage());
                }
                if (args.size() == 1) {
                    return Value.emptyList(Type.STRING);
                }
                long first = Args.toLong(args.get(1), 1, "");
                // the subnet of the first length just before the network, from which the next ones follow
                Network current = prefixed(
                        n.base.subtract(BigInteger.ONE).max(BigInteger.ZERO),
                        (int) Math.min(n.bits, n.prefix + first),
                        n.bits);
                boolean first0 = n.base.signum() == 0;
                List<Value> out = new ArrayList<>();
                for (int i = 1; i < args.size(); i++) {
                    long bits = Args.toLong(args.get(i), i, "");
                    if (bits < 1) {
                        throw new FunctionException(i, "must extend prefix by at least one bit");
                    }
                    if (bits > 32) {
                        throw new FunctionException(i, "may not extend prefix by more than 32 bits");
                    }
                    long length = n.prefix + bits;
                    if (length > n.bits) {
                        throw new FunctionException(
                                i,
                                "would extend prefix to " + length + " bits, which is too long for an "
                                        + (n.bits == 32 ? "IPv4" : "IPv6") + " address");
                    }
                    Network next;
                    if (i == 1 && first0) {
                        next = prefixed(BigInteger.ZERO, (int) length, n.bits);
                    } else {
                        Network widened = prefixed(current.last(), (int) length, n.bits);
                        BigInteger after = widened.last().add(BigInteger.ONE);
                        boolean rollover = after.bitLength() > n.bits;
                        next = prefixed(rollover ? BigInteger.ZERO : after, (int) length, n.bits);
                        if (rollover || next.base.compareTo(n.base) < 0 || next.base.compareTo(n.last()) > 0) {
                            throw new FunctionException(
                                    i,
                                    "not enough remaining address space for a subnet with a prefix of " + length
                                            + " bits after " + current);
                        }
                    }
                    out.add(Value.string(next.toString()));
                    current = next;
                }
                return Value.list(out);
            });

    private static Network prefixed(BigInteger ip, int prefix, int bits) {
        BigInteger host = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        return new Network(ip.andNot(host), prefix, bits);
    }
}
