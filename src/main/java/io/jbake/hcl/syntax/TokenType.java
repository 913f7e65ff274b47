package io.jbake.hcl.syntax;

/** The kinds of token the native syntax scanner produces; the set follows HCL's own. */
enum TokenType {
    O_BRACE("\"{\""),
    C_BRACE("\"}\""),
    O_BRACK("\"[\""),
    C_BRACK("\"]\""),
    O_PAREN("\"(\""),
    C_PAREN("\")\""),
    O_QUOTE("\"\\\"\""),
    C_QUOTE("\"\\\"\""),
    O_HEREDOC("heredoc introducer"),
    C_HEREDOC("heredoc end marker"),

    STAR("\"*\""),
    SLASH("\"/\""),
    PLUS("\"+\""),
    MINUS("\"-\""),
    PERCENT("\"%\""),
    EQUAL("\"=\""),
    EQUAL_OP("\"==\""),
    NOT_EQUAL("\"!=\""),
    LESS_THAN("\"<\""),
    LESS_THAN_EQ("\"<=\""),
    GREATER_THAN("\">\""),
    GREATER_THAN_EQ("\">=\""),
    AND("\"&&\""),
    OR("\"||\""),
    BANG("\"!\""),
    DOT("\".\""),
    COMMA("\",\""),
    DOUBLE_COLON("\"::\""),
    ELLIPSIS("\"...\""),
    FAT_ARROW("\"=>\""),
    QUESTION("\"?\""),
    COLON("\":\""),

    TEMPLATE_INTERP("\"${\""),
    TEMPLATE_CONTROL("\"%{\""),
    TEMPLATE_SEQ_END("\"}\""),
    QUOTED_LIT("quoted literal"),
    STRING_LIT("string literal"),
    NUMBER_LIT("number literal"),
    IDENT("identifier"),

    COMMENT("comment"),
    NEWLINE("newline"),
    EOF("end of file"),

    // Tokens that exist only so that the parser can report them well.
    BITWISE_AND("\"&\""),
    BITWISE_OR("\"|\""),
    BITWISE_XOR("\"^\""),
    BITWISE_NOT("\"~\""),
    BACKTICK("\"`\""),
    APOSTROPHE("\"'\""),
    SEMICOLON("\";\""),
    QUOTED_NEWLINE("newline in quoted string"),
    INVALID("invalid character"),
    BAD_UTF8("invalid UTF-8");

    final String description;

    TokenType(String description) {
        this.description = description;
    }
}
