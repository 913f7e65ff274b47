package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.nullable;
import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.go.GoStrings;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encoding functions: JSON and CSV from go-cty's stdlib, base64 and URL encoding from go-cty-funcs, and cty's
 * {@code byteslen}/{@code bytesslice}, which take a capsule type HCL cannot produce, so every call fails the way
 * it fails in buildx ("bytes required").
 */
public final class EncodingFunctions {

    private EncodingFunctions() {}

    static List<Function> all() {
        return List.of(JSONENCODE, JSONDECODE, CSVDECODE, BASE64ENCODE, BASE64DECODE, URLENCODE, BYTESLEN, BYTESSLICE);
    }

    public static final Function JSONENCODE = Function.of(
            "jsonencode", List.of(nullable("val", Type.DYNAMIC)), args -> Value.string(Json.encode(args.get(0))));

    public static final Function JSONDECODE = Function.of(
            "jsondecode",
            List.of(of("str", Type.STRING)),
            args -> Json.decode(args.get(0).asString()));

    public static final Function BASE64ENCODE = Function.of(
            "base64encode",
            List.of(of("str", Type.STRING)),
            args -> Value.string(
                    Base64.getEncoder().encodeToString(args.get(0).asString().getBytes(StandardCharsets.UTF_8))));

    public static final Function BASE64DECODE = Function.of("base64decode", List.of(of("str", Type.STRING)), args -> {
        String s = args.get(0).asString();
        byte[] bytes;
        try {
            bytes = strictBase64(s);
        } catch (IllegalArgumentException e) {
            throw new FunctionException("failed to decode base64 data '" + s + "'");
        }
        try {
            return Value.string(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new FunctionException("the result of decoding the the provided string is not valid UTF-8");
        }
    });

    /** Go's {@code base64.StdEncoding}: padding required, but CR and LF are ignored anywhere. */
    private static byte[] strictBase64(String s) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = s.replace("\n", "").replace("\r", "");
        }
        if (s.length() % 4 != 0) {
            throw new IllegalArgumentException("length");
        }
        return Base64.getDecoder().decode(s);
    }

    public static final Function URLENCODE = Function.of(
            "urlencode",
            List.of(of("str", Type.STRING)),
            args -> Value.string(queryEscape(args.get(0).asString())));

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    /** Go's {@code url.QueryEscape}: unreserved characters stay, space becomes '+', the rest %XX of UTF-8. */
    static String queryEscape(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    public static final Function CSVDECODE = Function.of("csvdecode", List.of(of("str", Type.STRING)), args -> {
        Csv csv = new Csv(args.get(0).asString());
        List<String> headers = csv.readRecord();
        if (headers == null) {
            throw new FunctionException("missing header line");
        }
        Set<String> seen = new HashSet<>();
        for (String h : headers) {
            if (!seen.add(h)) {
                throw new FunctionException("duplicate column name " + GoStrings.quote(h));
            }
        }
        List<Value> rows = new ArrayList<>();
        List<String> cols;
        while ((cols = csv.readRecord()) != null) {
            if (cols.size() != headers.size()) {
                throw new FunctionException("CSV parse error on line " + csv.recordLine + ": wrong number of fields");
            }
            Map<String, Value> row = Value.newKeyOrderedMap();
            for (int i = 0; i < cols.size(); i++) {
                row.put(headers.get(i), Value.string(cols.get(i)));
            }
            rows.add(Value.object(row));
        }
        if (rows.isEmpty()) {
            Map<String, Type> atys = Value.newKeyOrderedMap();
            for (String h : headers) {
                atys.put(h, Type.STRING);
            }
            return Value.emptyList(Type.object(atys));
        }
        return Value.list(rows);
    });

    /** A reader of Go {@code encoding/csv} records (comma-separated, RFC 4180 quotes, blank lines skipped). */
    private static final class Csv {
        private final String s;
        private int pos;
        private int line;
        int recordLine;

        Csv(String s) {
            this.s = s;
        }

        /** The next line including its '\n' (a trailing "\r\n" becomes "\n"), or null at the end. */
        private String nextLine() {
            if (pos >= s.length()) {
                return null;
            }
            int nl = s.indexOf('\n', pos);
            String l = nl < 0 ? s.substring(pos) : s.substring(pos, nl + 1);
            pos = nl < 0 ? s.length() : nl + 1;
            line++;
            if (l.endsWith("\r\n")) {
                l = l.substring(0, l.length() - 2) + "\n";
            }
            return l;
        }

        List<String> readRecord() {
            String l;
            do {
                l = nextLine();
                if (l == null) {
                    return null;
                }
            } while (l.equals("\n"));
            recordLine = line;
            List<String> fields = new ArrayList<>();
            int i = 0;
            while (true) {
                if (i >= l.length() || l.charAt(i) != '"') {
                    int end = i;
                    while (end < l.length() && l.charAt(end) != ',' && l.charAt(end) != '\n') {
                        end++;
                    }
                    String field = l.substring(i, end);
                    if (field.indexOf('"') >= 0) {
                        throw new FunctionException(
                                "CSV parse error on line " + line + ": bare \" in non-quoted-field");
                    }
                    fields.add(field);
                    if (end < l.length() && l.charAt(end) == ',') {
                        i = end + 1;
                        continue;
                    }
                    return fields;
                }
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    int q = l.indexOf('"', i);
                    if (q < 0) {
                        field.append(l, i, l.length());
                        l = nextLine();
                        if (l == null) {
                            throw new FunctionException(
                                    "CSV parse error on line " + line + ": extraneous or missing \" in quoted-field");
                        }
                        i = 0;
                        continue;
                    }
                    field.append(l, i, q);
                    i = q + 1;
                    char next = i < l.length() ? l.charAt(i) : '\n';
                    if (next == '"') {
                        field.append('"');
                        i++;
                    } else if (next == ',') {
                        fields.add(field.toString());
                        i++;
                        break;
                    } else if (next == '\n') {
                        fields.add(field.toString());
                        return fields;
                    } else {
                        throw new FunctionException(
                                "CSV parse error on line " + line + ": extraneous or missing \" in quoted-field");
                    }
                }
            }
        }
    }

    /** go-cty 1.17 names a primitive it got instead of bytes, and only a primitive (a capsule is not one). */
    private static final Function.Implementation NO_BYTES = args -> {
        Type got = args.get(0).type();
        throw new FunctionException(
                0, got.isPrimitive() ? "bytes required, but have " + got.friendlyName() : "bytes required");
    };

    public static final Function BYTESLEN = Function.of("byteslen", List.of(of("buf", Type.DYNAMIC)), NO_BYTES);

    public static final Function BYTESSLICE = Function.of(
            "bytesslice",
            List.of(of("buf", Type.DYNAMIC), of("offset", Type.NUMBER), of("length", Type.NUMBER)),
            NO_BYTES);
}
