package io.jbake.hcl.func;

import static io.jbake.hcl.func.Function.Parameter.of;

import io.jbake.go.GoStrings;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date and time functions: cty's {@code formatdate} and {@code timeadd}, and bake's {@code timestamp},
 * {@code formattimestamp} and {@code unixtimestampparse}. Timestamps are RFC 3339; a parsed timestamp keeps its
 * UTC offset. {@code timestamp} reads the clock the registry was built with.
 */
public final class DateTimeFunctions {

    private DateTimeFunctions() {}

    static List<Function> all(Clock clock) {
        return List.of(FORMATDATE, TIMEADD, timestamp(clock), FORMATTIMESTAMP, UNIXTIMESTAMPPARSE);
    }

    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    /** Parses an RFC 3339 timestamp; the failure message is cty's (a best approximation of Go's parser). */
    static OffsetDateTime parse(String s) {
        Matcher m = RFC3339.matcher(s);
        if (m.matches()) {
            try {
                ZoneOffset off = m.group(8).equalsIgnoreCase("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
                int nanos = 0;
                if (m.group(7) != null) {
                    String f = (m.group(7).substring(1) + "000000000").substring(0, 9);
                    nanos = Integer.parseInt(f);
                }
                return OffsetDateTime.of(
                        Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)),
                        nanos,
                        off);
            } catch (RuntimeException e) {
                throw new FunctionException("not a valid RFC3339 timestamp" + rangeProblem(s, m));
            }
        }
        throw new FunctionException(describe(s));
    }

    /** Go names the element after which the out-of-range number ended, or says "day out of range". */
    private static String rangeProblem(String s, Matcher m) {
        int[][] fields = {{2, 1, 12}, {4, 0, 23}, {5, 0, 59}, {6, 0, 59}};
        String[] names = {"month", "hour", "minute", "second"};
        for (int i = 0; i < fields.length; i++) {
            int v = Integer.parseInt(m.group(fields[i][0]));
            if (v < fields[i][1] || v > fields[i][2]) {
                return ": " + cannotUse(s.substring(m.end(fields[i][0])), names[i]);
            }
        }
        return ": day out of range";
    }

    /**
     * go-cty's words (1.17, in buildx 0.36.1) for a timestamp element that Go's parser could not use, given the
     * rest of the string from that element on: the hour and minute have rules of their own, which look at the
     * length of that whole rest.
     */
    private static String cannotUse(String rest, String what) {
        int length = rest.getBytes(StandardCharsets.UTF_8).length;
        if (what.equals("hour") && rest.contains(":")) {
            return "hour must be between 0 and 23 inclusive";
        }
        if ((what.equals("hour") || what.equals("minute")) && length != 2) {
            return what + " must have exactly two digits";
        }
        return "cannot use " + GoStrings.quote(rest) + " as " + what;
    }

    /** Walks Go's layout "2006-01-02T15:04:05Z07:00" to name the first element that does not fit. */
    private static String describe(String s) {
        String[][] layout = {
            {"2006", "year", "4"},
            {"-", null, null},
            {"01", "month", "2"},
            {"-", null, null},
            {"02", "day of month", "2"},
            {"T", null, null},
            {"15", "hour", "2"},
            {":", null, null},
            {"04", "minute", "2"},
            {":", null, null},
            {"05", "second", "2"}
        };
        int i = 0;
        for (String[] el : layout) {
            String rest = s.substring(Math.min(i, s.length()));
            if (el[1] == null) {
                if (el[0].equals("T")) {
                    if (rest.isEmpty() || rest.charAt(0) != 'T' && rest.charAt(0) != 't') {
                        return "not a valid RFC3339 timestamp: missing required time introducer 'T'";
                    }
                } else if (rest.isEmpty()) {
                    return "not a valid RFC3339 timestamp: end of string where " + GoStrings.quote(el[0])
                            + " is expected";
                } else if (!rest.startsWith(el[0])) {
                    return "not a valid RFC3339 timestamp: found " + GoStrings.quote(rest) + " where "
                            + GoStrings.quote(el[0]) + " is expected";
                }
                i += 1;
                continue;
            }
            int n = Integer.parseInt(el[2]);
            if (rest.isEmpty()) {
                return "not a valid RFC3339 timestamp: end of string before " + el[1];
            }
            boolean ok = rest.length() >= n && rest.substring(0, n).chars().allMatch(Character::isDigit);
            if (!ok) {
                return "not a valid RFC3339 timestamp: " + cannotUse(rest, el[1]);
            }
            i += n;
        }
        String rest = s.substring(Math.min(i, s.length()));
        if (rest.isEmpty()) {
            return "not a valid RFC3339 timestamp: end of string before UTC offset";
        }
        return "not a valid RFC3339 timestamp: cannot use " + GoStrings.quote(rest) + " as UTC offset";
    }

    /** Go's {@code time.RFC3339} rendering: seconds precision, "Z" for UTC. */
    static String rfc3339(OffsetDateTime t) {
        return String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d%s",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                offset(t, true, true));
    }

    private static String offset(OffsetDateTime t, boolean zForUtc, boolean colon) {
        int secs = t.getOffset().getTotalSeconds();
        if (secs == 0 && zForUtc) {
            return "Z";
        }
        int abs = Math.abs(secs);
        return String.format(colon ? "%s%02d:%02d" : "%s%02d%02d", secs < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
    }

    public static final Function FORMATDATE =
            Function.of("formatdate", List.of(of("format", Type.STRING), of("time", Type.STRING)), args -> {
                OffsetDateTime t;
                try {
                    t = parse(args.get(1).asString());
                } catch (FunctionException e) {
                    throw new FunctionException(1, e.getMessage());
                }
                return Value.string(formatDate(args.get(0).asString(), t));
            });

    static String formatDate(String spec, OffsetDateTime t) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c == '\'') {
                if (i + 1 < spec.length() && spec.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                int j = i + 1;
                StringBuilder lit = new StringBuilder();
                boolean closed = false;
                while (j < spec.length()) {
                    if (spec.charAt(j) == '\'') {
                        if (j + 1 < spec.length() && spec.charAt(j + 1) == '\'') {
                            lit.append('\'');
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    lit.append(spec.charAt(j++));
                }
                if (!closed) {
                    throw new FunctionException(0, "unterminated literal '");
                }
                out.append(lit);
                i = j + 1;
                continue;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < spec.length() && spec.charAt(j) == c) {
                j++;
            }
            appendVerb(out, spec.substring(i, j), t);
            i = j;
        }
        return out.toString();
    }

    private static void appendVerb(StringBuilder out, String tok, OffsetDateTime t) {
        int n = tok.length();
        String q = GoStrings.quote(tok);
        switch (tok.charAt(0)) {
            case 'Y':
                if (n == 2) {
                    out.append(String.format("%02d", Math.floorMod(t.getYear(), 100)));
                } else if (n == 4) {
                    out.append(String.format("%04d", t.getYear()));
                } else {
                    throw verbError(q, "year must either be \"YY\" or \"YYYY\"");
                }
                return;
            case 'M':
                switch (n) {
                    case 1:
                        out.append(t.getMonthValue());
                        return;
                    case 2:
                        out.append(String.format("%02d", t.getMonthValue()));
                        return;
                    case 3:
                        out.append(monthName(t).substring(0, 3));
                        return;
                    case 4:
                        out.append(monthName(t));
                        return;
                    default:
                        throw verbError(q, "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
                }
            case 'D':
                numeric(out, n, t.getDayOfMonth(), q, "day of month must either be \"D\" or \"DD\"");
                return;
            case 'E':
                if (n == 3) {
                    out.append(dayName(t.getDayOfWeek()), 0, 3);
                } else if (n == 4) {
                    out.append(dayName(t.getDayOfWeek()));
                } else {
                    throw verbError(q, "day of week must either be \"EEE\" or \"EEEE\"");
                }
                return;
            case 'h':
                numeric(out, n, t.getHour(), q, "24-hour must either be \"h\" or \"hh\"");
                return;
            case 'H': {
                int h = t.getHour() % 12;
                numeric(out, n, h == 0 ? 12 : h, q, "12-hour must either be \"H\" or \"HH\"");
                return;
            }
            case 'A':
            case 'a': {
                if (n != 2) {
                    throw verbError(q, "must be \"" + tok.charAt(0) + tok.charAt(0) + "\"");
                }
                String ampm = t.getHour() < 12 ? "AM" : "PM";
                out.append(tok.charAt(0) == 'A' ? ampm : ampm.toLowerCase(Locale.ROOT));
                return;
            }
            case 'm':
                numeric(out, n, t.getMinute(), q, "minute must either be \"m\" or \"mm\"");
                return;
            case 's':
                numeric(out, n, t.getSecond(), q, "second must either be \"s\" or \"ss\"");
                return;
            case 'Z':
                switch (n) {
                    case 1:
                        out.append(offset(t, true, true));
                        return;
                    case 3: {
                        String o = offset(t, false, false);
                        out.append(o.equals("+0000") ? "UTC" : o);
                        return;
                    }
                    case 4:
                        out.append(offset(t, false, false));
                        return;
                    case 5:
                        out.append(offset(t, false, true));
                        return;
                    default:
                        throw verbError(q, "timezone must be Z, ZZZZ, or ZZZZZ");
                }
            default:
                throw new FunctionException(0, "invalid date format verb " + q);
        }
    }

    private static void numeric(StringBuilder out, int n, int v, String q, String rule) {
        if (n == 1) {
            out.append(v);
        } else if (n == 2) {
            out.append(String.format("%02d", v));
        } else {
            throw verbError(q, rule);
        }
    }

    private static FunctionException verbError(String quotedTok, String rule) {
        return new FunctionException(0, "invalid date format verb " + quotedTok + ": " + rule);
    }

    private static String monthName(OffsetDateTime t) {
        return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String dayName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    public static final Function TIMEADD =
            Function.of("timeadd", List.of(of("timestamp", Type.STRING), of("duration", Type.STRING)), args -> {
                OffsetDateTime t = parse(args.get(0).asString());
                long nanos = GoDuration.parse(args.get(1).asString());
                return Value.string(rfc3339(t.plusNanos(nanos)));
            });

    /** bake's {@code timestamp()}: the current UTC time, seconds precision. */
    static Function timestamp(Clock clock) {
        return Function.of(
                "timestamp",
                List.of(),
                args -> Value.string(rfc3339(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))));
    }

    /** A unix time in seconds, which must be whole. */
    private static OffsetDateTime unixTime(Value v, int argIndex) {
        Long secs = v.asBigFloat().toLongExact();
        if (secs == null) {
            throw new FunctionException(argIndex, "unix timestamp must be an integer");
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(secs), ZoneOffset.UTC);
    }

    /** bake's {@code formattimestamp(format, time)}: "X" gives unix seconds, anything else is a formatdate spec. */
    public static final Function FORMATTIMESTAMP =
            Function.of("formattimestamp", List.of(of("format", Type.STRING), of("time", Type.DYNAMIC)), args -> {
                String format = args.get(0).asString();
                Value time = args.get(1);
                if (time.type().equals(Type.STRING)) {
                    if (format.equals("X")) {
                        OffsetDateTime t;
                        try {
                            t = parse(time.asString());
                        } catch (FunctionException e) {
                            throw new FunctionException(1, "timestamp string must be RFC3339");
                        }
                        return Value.string(Long.toString(t.toEpochSecond()));
                    }
                    return FORMATDATE.call(List.of(args.get(0), time));
                }
                if (time.type().equals(Type.NUMBER)) {
                    OffsetDateTime t = unixTime(time, 1);
                    if (format.equals("X")) {
                        return Value.string(Long.toString(t.toEpochSecond()));
                    }
                    return Value.string(formatDate(format, t));
                }
                throw new FunctionException(1, "must be a string timestamp or a unix timestamp number");
            });

    /** bake's {@code unixtimestampparse(n)}: the UTC calendar fields of unix time n. */
    public static final Function UNIXTIMESTAMPPARSE =
            Function.of("unixtimestampparse", List.of(of("unix_timestamp", Type.NUMBER)), args -> {
                OffsetDateTime t = unixTime(args.get(0), 0);
                LocalDate d = t.toLocalDate();
                Map<String, Value> o = Value.newKeyOrderedMap();
                o.put("year", Value.number(t.getYear()));
                o.put("year_day", Value.number(t.getDayOfYear()));
                o.put("day", Value.number(t.getDayOfMonth()));
                o.put("month", Value.number(t.getMonthValue()));
                o.put("month_name", Value.string(monthName(t)));
                o.put("weekday", Value.number(t.getDayOfWeek().getValue() % 7));
                o.put("weekday_name", Value.string(dayName(t.getDayOfWeek())));
                o.put("hour", Value.number(t.getHour()));
                o.put("minute", Value.number(t.getMinute()));
                o.put("second", Value.number(t.getSecond()));
                o.put("rfc3339", Value.string(rfc3339(t)));
                o.put("iso_year", Value.number(d.get(IsoFields.WEEK_BASED_YEAR)));
                o.put("iso_week", Value.number(d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
                return Value.object(o);
            });
}
