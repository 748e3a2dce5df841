package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.table.TableBuilder;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV table with a header: cells may be text, quoted as RFC 4180 quotes them (separators, line breaks and
 * doubled quotes inside quotes), or empty. Cells are handed to a {@link TableBuilder} as they stream by; a cell
 * longer than {@link CsvReader#MAX_CELL_LENGTH} is refused at that length, so no line is ever held whole.
 */
final class TableCsvReader {

    private final Reader reader;
    private final char separator;
    private final String field;
    private final StringBuilder cell = new StringBuilder();
    private final List<String> record = new ArrayList<>();
    private long line = 1;

    private TableCsvReader(Reader reader, char separator, String field) {
        this.reader = reader;
        this.separator = separator;
        this.field = field;
    }

    /**
     * Whether the text's first line is a header: its first cell is not a number, as {@link CsvReader} decides. The
     * reader is reset to where it was.
     */
    static boolean startsWithHeader(Reader reader, char separator) throws IOException {
        reader.mark(1 << 16);
        try {
            TableCsvReader first = new TableCsvReader(reader, separator, "file");
            String cell = first.firstCell();
            if (cell == null) {
                return false;
            }
            try {
                Float.parseFloat(cell.strip());
                return false;
            } catch (NumberFormatException e) {
                return true;
            }
        } finally {
            reader.reset();
        }
    }

    /** The header's names and every row's cells, into a builder that may hold at most {@code maxCells} cells. */
    static TableBuilder read(Reader reader, char separator, long maxCells, String field) throws IOException {
        TableCsvReader csv = new TableCsvReader(reader, separator, field);
        List<String> header = csv.nextRecord();
        if (header == null) {
            throw new InvalidInputException(field, "holds no header");
        }
        TableBuilder table = new TableBuilder(header.stream().map(String::strip).toList(), maxCells, field);
        for (List<String> row; (row = csv.nextRecord(table)) != null; ) {
            table.endRow();
        }
        return table;
    }

    /** The first cell of the first non-blank line, or null; a cell too long to be a number counts as text. */
    private String firstCell() throws IOException {
        int c;
        do {
            c = reader.read();
        } while (c == '\n' || c == '\r' || c == ' ' || c == '\t' && separator != '\t');
        boolean quoted = c == '"';
        if (!quoted && c >= 0) {
            cell.append((char) c);
        }
        while ((c = reader.read()) >= 0 && cell.length() <= CsvReader.MAX_CELL_LENGTH) {
            if (quoted ? c == '"' : c == separator || c == '\n' || c == '\r') {
                return cell.toString();
            }
            cell.append((char) c);
        }
        return cell.isEmpty() && c < 0 ? null : cell.toString();
    }

    private List<String> nextRecord() throws IOException {
        return nextRecord(null);
    }

    /**
     * Reads the next non-blank record: into the builder cell by cell when there is one (and returns an empty list),
     * else into a list. Null at the end of the text.
     */
    private List<String> nextRecord(TableBuilder table) throws IOException {
        record.clear();
        cell.setLength(0);
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean any = false;
        for (int c; ; ) {
            c = reader.read();
            if (quoted) {
                if (c < 0) {
                    throw new InvalidInputException(field, "line " + line + ": a quoted cell is not closed");
                }
                if (c == '"') {
                    reader.mark(1);
                    if (reader.read() == '"') {
                        append('"');
                    } else {
                        reader.reset();
                        quoted = false;
                    }
                } else {
                    line += c == '\n' ? 1 : 0;
                    append((char) c);
                }
                continue;
            }
            if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
                cell.setLength(0);
                quoted = true;
                wasQuoted = true;
                any = true;
            } else if (c == separator) {
                endCell(table, wasQuoted);
                wasQuoted = false;
                any = true;
            } else if (c < 0 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                line++;
                if (any || !cell.toString().isBlank()) {
                    endCell(table, wasQuoted);
                    return record;
                }
                if (c < 0) {
                    return null;
                }
            } else {
                append((char) c);
            }
        }
    }

    private void append(char c) {
        if (cell.length() >= CsvReader.MAX_CELL_LENGTH) {
            throw new InvalidInputException(field, "line " + line + " has a cell longer than "
                    + CsvReader.MAX_CELL_LENGTH + " characters");
        }
        cell.append(c);
    }

    private void endCell(TableBuilder table, boolean wasQuoted) throws PayloadTooLargeException {
        String text = wasQuoted ? cell.toString() : cell.toString().strip();
        cell.setLength(0);
        if (table != null) {
            table.add(text);
        } else {
            if (record.size() >= TableBuilder.MAX_COLUMNS) {
                throw new InvalidInputException(field, "the header names more than "
                        + TableBuilder.MAX_COLUMNS + " columns");
            }
            record.add(text);
        }
    }
}
