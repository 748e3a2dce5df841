package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads numeric CSV: one row per line, comma (or semicolon or tab) separated, as the first non-blank line shows. A
 * first line that is not all numbers is taken as a header. Every row must have the same number of values; NaN,
 * Infinity and text are refused with the line and column.
 *
 * <p>Values are parsed as they stream by: no line is held whole, only the cell being read, and a cell longer than
 * any number is refused, so memory stays near the 4 bytes each value takes and an endless line costs nothing.
 */
final class CsvReader {

    /** Longer than any float written out in full; a longer cell is not a number. */
    static final int MAX_CELL_LENGTH = 256;
    private static final int SEPARATOR_LOOKAHEAD = 1 << 16;

    private final Reader reader;
    private final char separator;
    private final ReadLimits limits;
    private final String field;
    private final FloatArrayBuilder values = new FloatArrayBuilder();
    private final StringBuilder cell = new StringBuilder();

    private long lineNumber = 1;
    private int rows;
    private int width = -1;
    // the line being read
    private int columns;
    private long skippedEmptyCells;
    private int pendingWhitespace;
    private boolean lineHasText;
    private boolean cellTooLong;
    private boolean firstLine = true;
    private boolean header;

    private CsvReader(Reader reader, char separator, ReadLimits limits, String field) {
        this.reader = reader;
        this.separator = separator;
        this.limits = limits;
        this.field = field;
    }

    static DataMatrix readValues(InputStream input, ReadLimits limits, String field) throws IOException {
        Reader reader = text(input);
        return readValues(reader, separator(reader), limits, field);
    }

    /** The values of text whose separator is known (a reader from {@link #text}, say). */
    static DataMatrix readValues(Reader reader, char separator, ReadLimits limits, String field) throws IOException {
        return new CsvReader(reader, separator, limits, field).read();
    }

    /** The file as UTF-8 text, buffered so its start can be looked at more than once. */
    static BufferedReader text(InputStream input) {
        return new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
    }

    /** One integer label per line (a header line is skipped). */
    static int[] readLabels(InputStream input, ReadLimits limits, String field) throws IOException {
        DataMatrix matrix = readValues(input, limits, field);
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

    /** A comma if the first non-blank line has one, else a semicolon if it has one, else a tab. */
    static char separator(Reader reader) throws IOException {
        reader.mark(SEPARATOR_LOOKAHEAD);
        boolean semicolon = false;
        boolean text = false;
        for (int i = 0, c; i < SEPARATOR_LOOKAHEAD && (c = reader.read()) >= 0; i++) {
            if (c == ',') {
                reader.reset();
                return ',';
            }
            semicolon |= c == ';';
            if ((c == '\n' || c == '\r') && text) {
                break;
            }
            text |= !Character.isWhitespace(c);
        }
        reader.reset();
        return semicolon ? ';' : '\t';
    }

    private DataMatrix read() throws IOException {
        char[] buffer = new char[1 << 14];
        boolean afterCarriageReturn = false;
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c == '\n' && afterCarriageReturn) {
                    afterCarriageReturn = false;
                    continue;
                }
                afterCarriageReturn = c == '\r';
                if (c == '\n' || c == '\r') {
                    endLine();
                } else if (c == separator) {
                    endCellAtSeparator();
                } else if (Character.isWhitespace(c)) {
                    // leading whitespace is dropped, trailing whitespace counted until text follows it
                    pendingWhitespace = cell.isEmpty() ? 0 : Math.min(pendingWhitespace + 1, MAX_CELL_LENGTH);
                } else {
                    append(c);
                }
            }
        }
        endLine();
        if (rows == 0) {
            throw new InvalidInputException(field, "holds no data rows");
        }
        return new DataMatrix(values.toArray(), rows, List.of(width), null);
    }

    private void append(char c) throws PayloadTooLargeException {
        if (!lineHasText) {
            lineHasText = true;
            endSkippedEmptyCells();
        }
        if (header || cellTooLong) {
            return;
        }
        if (cell.length() + pendingWhitespace >= MAX_CELL_LENGTH) {
            if (!(firstLine && columns == 0)) {
                throw new InvalidInputException(field, "line " + lineNumber + ", column " + (columns + 1)
                        + " is longer than " + MAX_CELL_LENGTH + " characters, too long for a number");
            }
            // no number is this long, so the line is a header
            cellTooLong = true;
            return;
        }
        cell.append(" ".repeat(pendingWhitespace)).append(c);
        pendingWhitespace = 0;
    }

    private void endCellAtSeparator() throws PayloadTooLargeException {
        if (lineHasText) {
            endCell();
        } else {
            skippedEmptyCells++;
        }
    }

    /** Empty cells before a line's first text are only known to be cells, not a blank line, once text follows. */
    private void endSkippedEmptyCells() throws PayloadTooLargeException {
        for (; skippedEmptyCells > 0; skippedEmptyCells--) {
            endCell();
        }
    }

    private void endCell() throws PayloadTooLargeException {
        if (columns >= limits.maxValues()) {
            throw limits.tooManyValues(field);
        }
        columns++;
        String text = cell.toString();
        if (firstLine && columns == 1) {
            header = cellTooLong || !isNumeric(text);
        }
        cell.setLength(0);
        pendingWhitespace = 0;
        cellTooLong = false;
        if (header || width >= 0 && columns > width) {
            // a header's cells are only counted, as are the extra cells of a row that is too long
            return;
        }
        if (values.size() >= limits.maxValues()) {
            throw limits.tooManyValues(field);
        }
        values.add(parse(text, field, lineNumber, columns));
    }

    private void endLine() throws PayloadTooLargeException {
        // a line of whitespace is blank, and so is a line of tabs when tabs separate
        boolean blank = !lineHasText && (skippedEmptyCells == 0 || Character.isWhitespace(separator));
        if (!blank) {
            endSkippedEmptyCells();
            endCell();
            if (header) {
                header = false;
                width = columns;
            } else if (width < 0) {
                width = columns;
                rows++;
            } else if (columns != width) {
                throw new InvalidInputException(field, "line " + lineNumber + " has " + columns
                        + " values, the rows before it " + width);
            } else {
                rows++;
            }
            firstLine = false;
        }
        lineNumber++;
        columns = 0;
        skippedEmptyCells = 0;
        lineHasText = false;
    }

    private static boolean isNumeric(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float parse(String cell, String field, long line, int column) {
        String text = cell;
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
                    + " is not a finite number: " + abbreviate(text));
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
