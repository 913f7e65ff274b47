package io.jbake.hcl.func;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Numeric functions and the operator functions against buildx 0.29.1 results (numeric.cases). */
class NumericFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        List<Function> functions = new ArrayList<>(NumericFunctions.all());
        functions.addAll(Operators.all());
        return StdlibCases.from("numeric.cases", functions);
    }
}
