package io.aeserve.table;

import java.util.List;

/**
 * A table as read from a file: its columns, and its cells in stored form (row-major, one float per column: a number,
 * or a text's index among its column's categories; NaN where a cell is empty).
 *
 * @param labels each row's class, the index of its label column's text in {@code classes} (-1 when empty); null
 *     without a label column
 * @param classes the label column's texts, sorted; null without a label column
 */
public record Table(List<TableColumn> columns, float[] values, int rows, int[] labels, List<String> classes) {}
