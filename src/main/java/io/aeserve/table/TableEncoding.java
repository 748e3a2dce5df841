package io.aeserve.table;

import io.aeserve.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a table's columns become a model's inputs, fitted on the training rows and stored with the version
 * ({@code columns.json}): every column of the table in order, with what it needs to encode a row the same way at
 * inference, and to report errors per column.
 */
public record TableEncoding(List<EncodedColumn> columns) {

    /** Categories kept per column; the rest share the "other" input. */
    public static final int MAX_CATEGORIES = 32;

    public TableEncoding {
        columns = List.copyOf(columns);
    }

    /** Fits the encoding on rows in stored form ({@link Table#values()}: one float per column). */
    public static TableEncoding fit(List<TableColumn> schema, float[] values, int rows) {
        int width = schema.size();
        List<EncodedColumn> encoded = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            TableColumn column = schema.get(c);
            if (column.kind() == ColumnKind.NUMERIC) {
                float[] present = new float[rows];
                int count = 0;
                for (int r = 0; r < rows; r++) {
                    float v = values[r * width + c];
                    if (!Float.isNaN(v)) {
                        present[count++] = v;
                    }
                }
                encoded.add(new EncodedColumn(column.name(), column.kind(), median(present, count), count < rows,
                        null));
            } else if (column.kind().isCategorical()) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (int r = 0; r < rows; r++) {
                    String category = column.categoryOf(values[r * width + c]);
                    counts.merge(category == null ? EncodedColumn.MISSING : category, 1, Integer::sum);
                }
                // most frequent first; ties in order of appearance, as the sort is stable
                List<String> kept = counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                        .limit(MAX_CATEGORIES).map(Map.Entry::getKey).toList();
                encoded.add(new EncodedColumn(column.name(), column.kind(), null, null, kept));
            } else {
                encoded.add(new EncodedColumn(column.name(), column.kind(), null, null, null));
            }
        }
        return new TableEncoding(encoded);
    }

    private static float median(float[] values, int count) {
        if (count == 0) {
            return 0;
        }
        float[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }

    /** How many inputs the model takes. */
    public int width() {
        return columns.stream().mapToInt(EncodedColumn::width).sum();
    }

    /** The columns that give inputs, in input order: the names of per-column errors. */
    public List<String> inputColumns() {
        return columns.stream().filter(column -> column.width() > 0).map(EncodedColumn::name).toList();
    }

    /** The names of the table columns this encoding was fitted on, in their order. */
    public List<String> columnNames() {
        return columns.stream().map(EncodedColumn::name).toList();
    }

    /** Whether rows stored with {@code schema} are rows of the table this encoding was fitted on. */
    public boolean fits(List<TableColumn> schema) {
        return columnNames().equals(schema.stream().map(TableColumn::name).toList());
    }

    /** The inputs each column gives, for messages: {@code V1: 4, V2: 4, ...}. */
    public String widths() {
        return columns.stream().filter(column -> column.width() > 0)
                .map(column -> column.name() + ": " + column.width()).collect(Collectors.joining(", "));
    }

    /** Encodes rows in stored form, read with the given schema (the one this encoding was fitted on). */
    public float[] encode(List<TableColumn> schema, float[] values, int rows) {
        int stored = schema.size();
        int width = width();
        float[] out = new float[Math.multiplyExact(rows, width)];
        for (int r = 0; r < rows; r++) {
            int at = r * width;
            for (int c = 0; c < stored; c++) {
                EncodedColumn column = columns.get(c);
                float cell = values[r * stored + c];
                if (column.kind() == ColumnKind.NUMERIC) {
                    at = column.writeNumber(cell, out, at);
                } else if (column.kind().isCategorical()) {
                    at = column.writeCategory(schema.get(c).categoryOf(cell), out, at);
                }
            }
        }
        return out;
    }

    /**
     * Encodes rows given as objects by column name (values as text; null or absent is missing). A name the table
     * does not have, or a numeric column's value that is not a number, is a 400 naming the row.
     */
    public float[] encodeRecords(List<Map<String, String>> records, String field) {
        Set<String> names = new HashSet<>();
        columns.forEach(column -> names.add(column.name()));
        int width = width();
        float[] out = new float[Math.multiplyExact(records.size(), width)];
        for (int r = 0; r < records.size(); r++) {
            Map<String, String> record = records.get(r);
            String row = field + "[" + r + "]";
            for (String key : record.keySet()) {
                if (!names.contains(key)) {
                    throw new InvalidInputException(row, "has the field '" + abbreviate(key)
                            + "', which is no column of the table this version was trained on; its columns are "
                            + columns.stream().map(EncodedColumn::name).toList());
                }
            }
            int at = r * width;
            for (EncodedColumn column : columns) {
                String text = record.get(column.name());
                boolean missing = Cells.isMissing(text);
                if (column.kind() == ColumnKind.NUMERIC) {
                    float value = missing ? Float.NaN : Cells.number(text);
                    if (!missing && Float.isNaN(value)) {
                        throw new InvalidInputException(row + "." + column.name(), "must be a finite number, not '"
                                + abbreviate(text) + "'");
                    }
                    at = column.writeNumber(value, out, at);
                } else if (column.kind().isCategorical()) {
                    at = column.writeCategory(missing ? null : Cells.canonical(text), out, at);
                }
            }
        }
        return out;
    }

    /** Sums each column's share of per-input errors: one value per {@link #inputColumns() input column} a row. */
    public float[] perColumn(float[] inputErrors, int rows) {
        int width = width();
        List<EncodedColumn> inputs = columns.stream().filter(column -> column.width() > 0).toList();
        float[] out = new float[rows * inputs.size()];
        for (int r = 0; r < rows; r++) {
            int at = r * width;
            for (int c = 0; c < inputs.size(); c++) {
                float sum = 0;
                for (int i = 0; i < inputs.get(c).width(); i++) {
                    sum += inputErrors[at++];
                }
                out[r * inputs.size() + c] = sum;
            }
        }
        return out;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
