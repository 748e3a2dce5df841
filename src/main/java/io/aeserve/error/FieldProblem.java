package io.aeserve.error;

/** One bad field of a request: its path (for example {@code spec.latentDim}) and what is wrong with it. */
public record FieldProblem(String field, String message) {}
