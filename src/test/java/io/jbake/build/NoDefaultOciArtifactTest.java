package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.bake.Bake;
import io.jbake.bake.BakeRequest;
import io.jbake.bake.model.Target;
import io.jbake.buildkit.BuildRequest;
import io.jbake.buildkit.auth.AuthService;
import io.jbake.buildkit.transport.BuildKitException;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BUILDX_NO_DEFAULT_OCI_ARTIFACT} (buildx v0.36.1): image and OCI outputs that do not say {@code
 * oci-artifact} get {@code oci-artifact=false}, on a builder that stores attestations; as buildx's
 * {@code toSolveOpt}.
 */
class NoDefaultOciArtifactTest {
    private static final String DEFINITION = """
            target "t" {
              dockerfile-inline = "FROM scratch"
              output = ["type=image,name=a", "type=oci,dest=out.tar", "type=registry,name=b,oci-artifact=true",
                        "type=local,dest=out"]
            }
            """;

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private List<BuildRequest.Export> exports(boolean attestations) {
        BakeRequest request = new BakeRequest(
                List.of("-"),
                List.of("t"),
                List.of(),
                List.of(),
                env,
                dir,
                new ByteArrayInputStream(DEFINITION.getBytes(StandardCharsets.UTF_8)));
        Target target = Bake.load(request).resolve().targets().get("t");
        TargetRequests requests = new TargetRequests(
                env::get,
                false,
                () -> attestations,
                OutputStream.nullOutputStream(),
                new AuthService.Shared(env, dir, dir));
        return requests.of(target).build().exports();
    }

    @Test
    void imageOutputsWithoutTheirOwnSayGetOciArtifactFalse() {
        env.put("BUILDX_NO_DEFAULT_OCI_ARTIFACT", "1");

        assertEquals(
                List.of(
                        new BuildRequest.Export("image", Map.of("name", "a", "oci-artifact", "false")),
                        new BuildRequest.Export("oci", Map.of("oci-artifact", "false")),
                        new BuildRequest.Export(
                                "image",
                                Map.of("name", "b", "oci-artifact", "true", "push", "true", "unpack", "false")),
                        new BuildRequest.Export("local", Map.of())),
                exports(true));
    }

    @Test
    void unsetFalseOrWithoutAttestationsNothingChanges() {
        List<BuildRequest.Export> plain = exports(true);
        assertEquals(Map.of("name", "a"), plain.get(0).attrs());

        env.put("BUILDX_NO_DEFAULT_OCI_ARTIFACT", "false");
        assertEquals(plain, exports(true));

        env.put("BUILDX_NO_DEFAULT_OCI_ARTIFACT", "true");
        assertEquals(plain, exports(false));
    }

    @Test
    void anInvalidValueFailsTheTarget() {
        env.put("BUILDX_NO_DEFAULT_OCI_ARTIFACT", "yes");

        assertEquals(
                "invalid BUILDX_NO_DEFAULT_OCI_ARTIFACT: strconv.ParseBool: parsing \"yes\": invalid syntax",
                assertThrows(BuildKitException.class, () -> exports(true)).getMessage());
    }
}
