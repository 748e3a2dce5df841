package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads numeric CSV: one row per line, comma (or semicolon or tab) separated. A first line that is not all numbers
 * is taken as a header. Every row must have the same number of values; NaN, Infinity and text are refused with
 * the line and column.
 */
public final class CsvReader {

    private CsvReader() {}

    public static DataMatrix readValues(InputStream input, String field) throws IOException {
        FloatArrayBuilder values = new FloatArrayBuilder();
        int width = -1;
        int rows = 0;
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (rows == 0 && width < 0 && !isNumeric(cells[0].strip())) {
                width = cells.length;
                continue;
            }
            if (width < 0) {
                width = cells.length;
            } else if (cells.length != width) {
                throw new InvalidInputException(field, "line " + lineNumber + " has " + cells.length
                        + " values, the rows before it " + width);
            }
            for (int c = 0; c < cells.length; c++) {
                values.add(parse(cells[c], field, lineNumber, c + 1));
            }
            rows++;
        }
        if (rows == 0) {
            throw new InvalidInputException(field, "holds no data rows");
        }
        return new DataMatrix(values.toArray(), rows, List.of(width), null);
    }

    /** One integer label per line (a header line is skipped). */
    public static int[] readLabels(InputStream input, String field) throws IOException {
        DataMatrix matrix = readValues(input, field);
        if (matrix.width() != 1) {
            throw new InvalidInputException(field, "a label CSV has one column, this one has " + matrix.width());
        }
        int[] labels = new int[matrix.rows()];
        for (int i = 0; i < labels.length; i++) {
            float v = matrix.values()[i];
            if (v != Math.rint(v)) {
                throw new InvalidInputException(field, "label on row " + (i + 1) + " is not an integer: " + v);
            }
            labels[i] = (int) v;
        }
        return labels;
    }

    private static String[] split(String line) {
        String separator = line.indexOf(',') >= 0 ? "," : line.indexOf(';') >= 0 ? ";" : "\t";
        return line.split(separator, -1);
    }

    private static boolean isNumeric(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float parse(String cell, String field, int line, int column) {
        String text = cell.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "line " + line + ", column " + column + " is not a number: '"
                    + abbreviate(text) + "'");
        }
        if (!Float.isFinite(value)) {
            throw new InvalidInputException(field, "line " + line + ", column " + column
                    + " is not a finite number: " + text);
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
