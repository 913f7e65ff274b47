package io.jbake.hcl.func;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** basename and dirname against buildx 0.29.1 results (bake.cases). */
class BakeFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        return StdlibCases.from("bake.cases", BakeFunctions.all(Map.of()));
    }
}
