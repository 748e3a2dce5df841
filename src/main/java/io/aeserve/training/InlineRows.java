package io.aeserve.training;

import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The rows of a training request's {@code data}: each a flat array of numbers, or nested {@code [C][H][W]} arrays
 * for convolutional models. Values are kept flat, row after row; {@code rowShape} is the shape every row had.
 */
@JsonDeserialize(using = InlineRowsDeserializer.class)
record InlineRows(float[] values, int rows, List<Integer> rowShape) {}
