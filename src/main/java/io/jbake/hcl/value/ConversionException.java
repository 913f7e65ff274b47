package io.jbake.hcl.value;

/**
 * A value could not be converted to a type. The message is go-cty's wording ("a number is required", "string
 * required", "attribute \"x\" is required"), meant to follow a prefix such as {@code Invalid value for "x"
 * parameter: }.
 */
public final class ConversionException extends RuntimeException {

    public ConversionException(String message) {
        super(message, null, false, false);
    }
}
