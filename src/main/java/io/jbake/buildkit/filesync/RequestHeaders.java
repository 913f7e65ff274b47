package io.jbake.buildkit.filesync;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's request metadata for the current call (dir-name, patterns, exporter id...), made available
 * to the service handlers of this package through the gRPC {@link Context}.
 */
final class RequestHeaders {
    private static final Context.Key<Metadata> HEADERS = Context.key("buildkit-request-headers");

    private static final ServerInterceptor CAPTURE = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
        }
    };

    private RequestHeaders() {}

    static ServerServiceDefinition captured(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(service, CAPTURE);
    }

    static Metadata current() {
        Metadata headers = HEADERS.get();
        return headers == null ? new Metadata() : headers;
    }

    /** Every value of {@code key}, URL-query-decoded when the daemon flagged them with {@code <key>-encoded}. */
    static List<String> values(Metadata headers, String key) {
        Iterable<String> raw = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        if (raw == null) {
            return List.of();
        }
        String flag = headers.get(Metadata.Key.of(key + "-encoded", Metadata.ASCII_STRING_MARSHALLER));
        boolean encoded = "1".equals(flag) || "true".equalsIgnoreCase(flag);
        List<String> values = new ArrayList<>();
        for (String value : raw) {
            values.add(encoded ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
        }
        return values;
    }

    static String first(Metadata headers, String key) {
        List<String> values = values(headers, key);
        return values.isEmpty() ? null : values.get(0);
    }
}
