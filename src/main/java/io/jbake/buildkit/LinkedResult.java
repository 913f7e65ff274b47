package io.jbake.buildkit;

import io.jbake.buildkit.proto.gateway.Result;
import java.util.Objects;

/**
 * What the Dockerfile frontend produced for a build run through the gateway, before export: LLB
 * definitions (one, or one per platform) and their image configs. Another build consumes it as a named
 * context with {@link BuildRequest.Builder#linkedContext}, the way buildx links bake targets, so the
 * linked build is solved once however many builds use it. The definitions may read the producing
 * build's local directories, so that build's session must stay open until its consumers are done.
 */
public final class LinkedResult {
    private final Result result;

    LinkedResult(Result result) {
        this.result = Objects.requireNonNull(result);
    }

    Result proto() {
        return result;
    }
}
