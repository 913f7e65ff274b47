package io.jbake.hcl.func;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** CIDR functions against buildx 0.29.1 results (network.cases). */
class NetworkFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        return StdlibCases.from("network.cases", NetworkFunctions.all());
    }
}
