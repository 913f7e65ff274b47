package io.jbake.hcl.func;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jbake.hcl.value.Value;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Hash, bcrypt, RSA and UUID functions against buildx 0.29.1 results (crypto.cases and hashes below). */
class CryptoFunctionsTest {

    @TestFactory
    Stream<DynamicTest> referenceCases() {
        return StdlibCases.from("crypto.cases", CryptoFunctions.all());
    }

    /** Hashes buildx printed for bcrypt("hello", 4) and bcrypt("pässwörd"); the salt is their 22 characters. */
    @Test
    void bcryptReproducesReferenceHashesFromTheirSalt() {
        String h1 = "$2a$04$kRWe27UjjIs4lG/PnBzB7uMWO/qk6jSWxDhNxdmysgqaZ8N9i1LMO";
        assertEquals(h1, Bcrypt.hash("hello", 4, Bcrypt.decodeSalt(h1)));
        String h2 = "$2a$10$QiZBLTR9iuD8CB/Uk8hObuPVEzg29BZozkyWoxoDntzEzHlimD/8.";
        assertEquals(h2, Bcrypt.hash("pässwörd", 10, Bcrypt.decodeSalt(h2)));
    }

    @Test
    void bcryptSaltsEachCall() {
        String a = CryptoFunctions.BCRYPT
                .call(List.of(Value.string("x"), Value.number(4)))
                .asString();
        String b = CryptoFunctions.BCRYPT
                .call(List.of(Value.string("x"), Value.number(4)))
                .asString();
        assertTrue(a.matches("\\$2a\\$04\\$[./A-Za-z0-9]{53}"), a);
        assertNotEquals(a, b);
        assertTrue(CryptoFunctions.BCRYPT
                .call(List.of(Value.string("x"), Value.number(3)))
                .asString()
                .startsWith("$2a$10$"));
    }

    @Test
    void uuidv4HasVersionAndVariant() {
        String u = CryptoFunctions.UUIDV4.call(List.of()).asString();
        assertTrue(u.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), u);
    }
}
