package io.jbake.buildkit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jbake.buildkit.TestDaemon;
import io.jbake.buildkit.proto.ControlGrpc;
import io.jbake.buildkit.proto.InfoRequest;
import io.jbake.buildkit.proto.InfoResponse;
import io.jbake.buildkit.proto.ListWorkersRequest;
import io.jbake.buildkit.proto.ListWorkersResponse;
import io.jbake.buildkit.proto.WorkerRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("daemon")
class DaemonConnectionTest {

    @Test
    void dockerEngineAnswersInfoAndListWorkersThroughGrpcUpgrade() throws Exception {
        try (DaemonConnection daemon = DaemonConnection.open(TestDaemon.endpoint())) {
            ControlGrpc.ControlBlockingStub control =
                    ControlGrpc.newBlockingStub(daemon.channel()).withDeadlineAfter(20, TimeUnit.SECONDS);
            InfoResponse info = control.info(InfoRequest.getDefaultInstance());
            assertEquals("github.com/moby/buildkit", info.getBuildkitVersion().getPackage());
            ListWorkersResponse workers = control.listWorkers(ListWorkersRequest.getDefaultInstance());
            assertEquals(1, workers.getRecordCount());
            WorkerRecord worker = workers.getRecord(0);
            assertFalse(worker.getPlatformsList().isEmpty());
            assertEquals("linux", worker.getPlatforms(0).getOS());
            assertEquals("amd64", worker.getPlatforms(0).getArchitecture());
        }
    }
}
