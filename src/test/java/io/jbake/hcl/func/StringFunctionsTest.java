package io.jbake.hcl.func;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** String, format and regex functions against buildx 0.29.1 results (string.cases). */
class StringFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        List<Function> functions = new ArrayList<>(StringFunctions.all());
        functions.addAll(FormatFunctions.all());
        functions.addAll(RegexFunctions.all());
        return StdlibCases.from("string.cases", functions);
    }
}
