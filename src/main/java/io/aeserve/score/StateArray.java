package io.aeserve.score;

import java.util.List;

/**
 * A named array of a score's state and its shape in terms of the model's code width, so stores that keep shapes
 * (.npy) can write and check them.
 */
public record StateArray(String name, Layout layout) {

    /** How the array's shape follows from the code width. */
    public enum Layout {
        /** One value per code dimension. */
        CODE,
        /** A square matrix over the code dimensions, row-major. */
        CODE_BY_CODE,
        /** Any number of codes, row after row. */
        ROWS_OF_CODES;

        public List<Integer> shape(int length, int codeWidth) {
            return switch (this) {
                case CODE -> List.of(codeWidth);
                case CODE_BY_CODE -> List.of(codeWidth, codeWidth);
                case ROWS_OF_CODES -> List.of(length / codeWidth, codeWidth);
            };
        }

        public boolean fits(List<Integer> shape, int codeWidth) {
            return switch (this) {
                case CODE -> shape.equals(List.of(codeWidth));
                case CODE_BY_CODE -> shape.equals(List.of(codeWidth, codeWidth));
                case ROWS_OF_CODES -> shape.size() == 2 && shape.get(1) == codeWidth;
            };
        }

        public String describe(int codeWidth) {
            return this == ROWS_OF_CODES ? "[rows, " + codeWidth + "]" : shape(0, codeWidth).toString();
        }
    }
}
