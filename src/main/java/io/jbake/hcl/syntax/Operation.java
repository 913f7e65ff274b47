package io.jbake.hcl.syntax;

import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Operators;

/**
 * The operators of the native syntax. Binary operators carry their precedence (higher binds tighter);
 * all of them are left-associative, as in HCL.
 */
public enum Operation {
    LOGICAL_OR("||", 1),
    LOGICAL_AND("&&", 2),
    EQUAL("==", 3),
    NOT_EQUAL("!=", 3),
    GREATER_THAN(">", 4),
    GREATER_THAN_OR_EQUAL(">=", 4),
    LESS_THAN("<", 4),
    LESS_THAN_OR_EQUAL("<=", 4),
    ADD("+", 5),
    SUBTRACT("-", 5),
    MULTIPLY("*", 6),
    DIVIDE("/", 6),
    MODULO("%", 6),
    LOGICAL_NOT("!", 0),
    NEGATE("-", 0);

    /** The precedence of the loosest-binding binary operator. */
    static final int LOWEST_PRECEDENCE = 1;

    public final String symbol;
    final int precedence;

    Operation(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    /** The function implementing the operator; its parameter types say how operands convert. */
    Function function() {
        return switch (this) {
            case LOGICAL_OR -> Operators.OR;
            case LOGICAL_AND -> Operators.AND;
            case EQUAL -> Operators.EQUAL;
            case NOT_EQUAL -> Operators.NOT_EQUAL;
            case GREATER_THAN -> Operators.GREATER_THAN;
            case GREATER_THAN_OR_EQUAL -> Operators.GREATER_THAN_OR_EQUAL_TO;
            case LESS_THAN -> Operators.LESS_THAN;
            case LESS_THAN_OR_EQUAL -> Operators.LESS_THAN_OR_EQUAL_TO;
            case ADD -> Operators.ADD;
            case SUBTRACT -> Operators.SUBTRACT;
            case MULTIPLY -> Operators.MULTIPLY;
            case DIVIDE -> Operators.DIVIDE;
            case MODULO -> Operators.MODULO;
            case LOGICAL_NOT -> Operators.NOT;
            case NEGATE -> Operators.NEGATE;
        };
    }

    /** The binary operator a token stands for, or null. */
    static Operation binary(TokenType type) {
        return switch (type) {
            case OR -> LOGICAL_OR;
            case AND -> LOGICAL_AND;
            case EQUAL_OP -> EQUAL;
            case NOT_EQUAL -> NOT_EQUAL;
            case GREATER_THAN -> GREATER_THAN;
            case GREATER_THAN_EQ -> GREATER_THAN_OR_EQUAL;
            case LESS_THAN -> LESS_THAN;
            case LESS_THAN_EQ -> LESS_THAN_OR_EQUAL;
            case PLUS -> ADD;
            case MINUS -> SUBTRACT;
            case STAR -> MULTIPLY;
            case SLASH -> DIVIDE;
            case PERCENT -> MODULO;
            default -> null;
        };
    }
}
