package io.jbake.buildkit.progress;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.jbake.buildkit.proto.Position;
import io.jbake.buildkit.proto.Range;
import io.jbake.buildkit.proto.SourceInfo;
import io.jbake.buildkit.proto.StatusResponse;
import io.jbake.buildkit.proto.Vertex;
import io.jbake.buildkit.proto.VertexLog;
import io.jbake.buildkit.proto.VertexStatus;
import io.jbake.buildkit.proto.VertexWarning;
import io.jbake.go.GoJson;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * {@code --progress=rawjson}: each status delta as one line of JSON, the way buildx encodes BuildKit's
 * Go {@code client.SolveStatus} (its field names and omitempty rules, base64 for bytes, RFC 3339 times
 * with trailing zeros trimmed, strings escaped as Go's default {@code json.Encoder} does: HTML-safe, as
 * buildx does not turn that off: {@link GoJson#quote}).
 */
final class RawJsonPrinter {

    private RawJsonPrinter() {}

    static String line(StatusResponse status) {
        Json json = new Json();
        json.open('{');
        json.array("vertexes", status.getVertexesList(), RawJsonPrinter::vertex);
        json.array("statuses", status.getStatusesList(), RawJsonPrinter::vertexStatus);
        json.array("logs", status.getLogsList(), RawJsonPrinter::log);
        json.array("warnings", status.getWarningsList(), RawJsonPrinter::warning);
        json.close('}');
        return json.toString();
    }

    /** {@code warnings} as a JSON array, each encoded as in {@link #line}. */
    static String warnings(Collection<VertexWarning> warnings) {
        Json json = new Json();
        json.open('[');
        warnings.forEach(w -> warning(json, w));
        json.close(']');
        return json.toString();
    }

    private static void vertex(Json json, Vertex v) {
        json.open('{');
        json.stringOmitEmpty("digest", v.getDigest());
        if (v.getInputsCount() > 0) {
            json.key("inputs");
            json.open('[');
            v.getInputsList().forEach(json::string);
            json.close(']');
        }
        json.stringOmitEmpty("name", v.getName());
        if (v.hasStarted()) {
            json.key("started").string(time(v.getStarted()));
        }
        if (v.hasCompleted()) {
            json.key("completed").string(time(v.getCompleted()));
        }
        if (v.getCached()) {
            json.key("cached").raw("true");
        }
        json.stringOmitEmpty("error", v.getError());
        if (v.hasProgressGroup()) {
            json.key("progressGroup").open('{');
            json.stringOmitEmpty("id", v.getProgressGroup().getId());
            json.stringOmitEmpty("name", v.getProgressGroup().getName());
            if (v.getProgressGroup().getWeak()) {
                json.key("weak").raw("true");
            }
            json.close('}');
        }
        json.close('}');
    }

    private static void vertexStatus(Json json, VertexStatus s) {
        json.open('{');
        json.key("id").string(s.getID());
        json.stringOmitEmpty("vertex", s.getVertex());
        json.stringOmitEmpty("name", s.getName());
        if (s.getTotal() != 0) {
            json.key("total").raw(Long.toString(s.getTotal()));
        }
        json.key("current").raw(Long.toString(s.getCurrent()));
        json.key("timestamp").string(s.hasTimestamp() ? time(s.getTimestamp()) : "0001-01-01T00:00:00Z");
        if (s.hasStarted()) {
            json.key("started").string(time(s.getStarted()));
        }
        if (s.hasCompleted()) {
            json.key("completed").string(time(s.getCompleted()));
        }
        json.close('}');
    }

    private static void log(Json json, VertexLog l) {
        json.open('{');
        json.stringOmitEmpty("vertex", l.getVertex());
        if (l.getStream() != 0) {
            json.key("stream").raw(Long.toString(l.getStream()));
        }
        json.key("data").string(base64(l.getMsg()));
        json.key("timestamp").string(l.hasTimestamp() ? time(l.getTimestamp()) : "0001-01-01T00:00:00Z");
        json.close('}');
    }

    private static void warning(Json json, VertexWarning w) {
        json.open('{');
        json.stringOmitEmpty("vertex", w.getVertex());
        if (w.getLevel() != 0) {
            json.key("level").raw(Long.toString(w.getLevel()));
        }
        if (!w.getShort().isEmpty()) {
            json.key("short").string(base64(w.getShort()));
        }
        if (w.getDetailCount() > 0) {
            json.key("detail").open('[');
            w.getDetailList().forEach(d -> json.string(base64(d)));
            json.close(']');
        }
        json.stringOmitEmpty("url", w.getUrl());
        if (w.hasInfo()) {
            SourceInfo info = w.getInfo();
            json.key("sourceInfo").open('{');
            json.stringOmitEmpty("filename", info.getFilename());
            if (!info.getData().isEmpty()) {
                json.key("data").string(base64(info.getData()));
            }
            json.stringOmitEmpty("language", info.getLanguage());
            json.close('}');
        }
        json.array("range", w.getRangesList(), RawJsonPrinter::range);
        json.close('}');
    }

    private static void range(Json json, Range r) {
        json.open('{');
        if (r.hasStart()) {
            json.key("start");
            position(json, r.getStart());
        }
        if (r.hasEnd()) {
            json.key("end");
            position(json, r.getEnd());
        }
        json.close('}');
    }

    private static void position(Json json, Position p) {
        json.open('{');
        if (p.getLine() != 0) {
            json.key("line").raw(Integer.toString(p.getLine()));
        }
        if (p.getCharacter() != 0) {
            json.key("character").raw(Integer.toString(p.getCharacter()));
        }
        json.close('}');
    }

    /** Go's {@code time.RFC3339Nano} in UTC: fraction without trailing zeros, none when whole. */
    static String time(Timestamp t) {
        String s = Instant.ofEpochSecond(t.getSeconds()).toString(); // yyyy-MM-ddTHH:mm:ssZ
        if (t.getNanos() == 0) {
            return s;
        }
        String fraction = String.format("%09d", t.getNanos()).replaceFirst("0+$", "");
        return s.substring(0, s.length() - 1) + "." + fraction + "Z";
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** A compact JSON writer that puts commas where they belong. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder();
        private boolean needComma;

        void open(char bracket) {
            comma();
            out.append(bracket);
            needComma = false;
        }

        void close(char bracket) {
            out.append(bracket);
            needComma = true;
        }

        Json key(String key) {
            string(key);
            out.append(':');
            needComma = false;
            return this;
        }

        void raw(String value) {
            comma();
            out.append(value);
            needComma = true;
        }

        void string(String value) {
            comma();
            GoJson.quote(value, out);
            needComma = true;
        }

        void stringOmitEmpty(String key, String value) {
            if (!value.isEmpty()) {
                key(key).string(value);
            }
        }

        <T> void array(String key, List<T> items, java.util.function.BiConsumer<Json, T> each) {
            if (items.isEmpty()) {
                return;
            }
            key(key).open('[');
            items.forEach(item -> each.accept(this, item));
            close(']');
        }

        private void comma() {
            if (needComma) {
                out.append(',');
            }
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
