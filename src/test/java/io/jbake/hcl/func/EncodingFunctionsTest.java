package io.jbake.hcl.func;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Encoding functions against buildx 0.29.1 results (encoding.cases). */
class EncodingFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        return StdlibCases.from("encoding.cases", EncodingFunctions.all());
    }
}
