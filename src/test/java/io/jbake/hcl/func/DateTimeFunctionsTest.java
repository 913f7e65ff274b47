package io.jbake.hcl.func;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.hcl.value.Value;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * formatdate and timeadd against buildx 0.29.1 results (datetime.cases). timestamp, formattimestamp and
 * unixtimestampparse arrived in later buildx releases than the reference, so their expectations are the examples
 * of buildx's own tests and docs (bake/hclparser/stdlib_test.go).
 */
class DateTimeFunctionsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-02-29T12:34:56.789Z"), ZoneOffset.UTC);

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        return StdlibCases.from("datetime.cases", DateTimeFunctions.all(CLOCK));
    }

    @Test
    void timestampIsTheClockInUtcToTheSecond() {
        assertEquals(
                "2024-02-29T12:34:56Z",
                DateTimeFunctions.timestamp(CLOCK).call(List.of()).asString());
    }

    @Test
    void formattimestamp() {
        Function f = DateTimeFunctions.FORMATTIMESTAMP;
        assertEquals(
                "1445385600",
                f.call(List.of(Value.string("X"), Value.string("2015-10-21T00:00:00Z")))
                        .asString());
        assertEquals(
                "1969-12-31T23:59:59Z",
                f.call(List.of(Value.string("YYYY-MM-DD'T'hh:mm:ssZ"), Value.number(-1)))
                        .asString());
        assertEquals(
                "1445385600",
                f.call(List.of(Value.string("X"), Value.number(1445385600))).asString());
        assertEquals(
                "! Invalid value for \"time\" parameter: timestamp string must be RFC3339.",
                StdlibCases.outcome(f, List.of(Value.string("X"), Value.string("2015-10-21"))));
        assertEquals(
                "! Invalid value for \"time\" parameter: unix timestamp must be an integer.",
                StdlibCases.outcome(f, List.of(Value.string("X"), Value.number(1.5))));
        assertEquals(
                "! Invalid value for \"time\" parameter: must be a string timestamp or a unix timestamp number.",
                StdlibCases.outcome(f, List.of(Value.string("X"), Value.TRUE)));
    }

    @Test
    void unixtimestampparse() {
        Value v = DateTimeFunctions.UNIXTIMESTAMPPARSE.call(List.of(Value.number(1690328596)));
        assertEquals(
                "{\"day\":25,\"hour\":23,\"iso_week\":30,\"iso_year\":2023,\"minute\":43,\"month\":7,"
                        + "\"month_name\":\"July\",\"rfc3339\":\"2023-07-25T23:43:16Z\",\"second\":16,\"weekday\":2,"
                        + "\"weekday_name\":\"Tuesday\",\"year\":2023,\"year_day\":206}",
                Json.encode(v));
    }
}
