package io.aeserve.error;

import java.util.List;

/** The request is well-formed but its content is not acceptable (answered with 400). */
public class InvalidInputException extends RuntimeException {

    private final List<FieldProblem> errors;

    public InvalidInputException(String message, List<FieldProblem> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
