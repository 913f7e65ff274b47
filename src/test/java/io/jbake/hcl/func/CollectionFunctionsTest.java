package io.jbake.hcl.func;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Collection functions against buildx 0.29.1 results (collection.cases). */
class CollectionFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        return StdlibCases.from("collection.cases", CollectionFunctions.all());
    }
}
