package io.aeserve.table;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects a table cell by cell, row by row, as a reader finds them, then infers each column's kind (or takes the
 * one the user set) and hands the table over in stored form. Each cell costs 4 bytes while reading, and the
 * builder refuses cells beyond {@code maxCells} before it allocates for them.
 */
public final class TableBuilder {

    /** Distinct texts kept per column; a text column with more is id-like and ignored. */
    static final int MAX_STORED_CATEGORIES = 1000;
    /**
     * Characters of distinct texts kept over all columns (16 MB): a column that would go beyond is treated as one
     * with too many texts, so a file of many wide text columns cannot fill the heap with its dictionaries.
     */
    static final long MAX_STORED_TEXT = 1L << 23;
    public static final int MAX_COLUMNS = 10_000;
    /** Fewer rows than this say too little to call a column id-like by its distinct texts. */
    private static final int ID_LIKE_MIN_ROWS = 20;

    private final List<String> names;
    private final long maxCells;
    private final String field;
    private final Column[] columns;
    private int rows;
    private int inRow;
    private long storedText;

    /**
     * @param names the header's column names
     * @param maxCells the most cells the table may hold
     * @param field the request field the table came in, for problems
     */
    public TableBuilder(List<String> names, long maxCells, String field) {
        this.field = field;
        this.maxCells = maxCells;
        if (names.size() > MAX_COLUMNS) {
            throw new InvalidInputException(field, "has " + names.size() + " columns; at most " + MAX_COLUMNS
                    + " are allowed");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new InvalidInputException(field, "column " + (i + 1) + " has no name in the header");
            }
            if (!seen.add(name)) {
                throw new InvalidInputException(field, "the header names column '" + name + "' twice");
            }
        }
        this.names = List.copyOf(names);
        this.columns = new Column[names.size()];
        Arrays.setAll(columns, i -> new Column());
    }

    /** The next cell of the current row; null or an empty text is a missing value. */
    public void add(String text) throws PayloadTooLargeException {
        if (inRow >= columns.length) {
            throw new InvalidInputException(field, "row " + (rows + 1) + " has more than the " + columns.length
                    + " cells the header names");
        }
        if ((long) rows * columns.length + inRow >= maxCells) {
            throw new PayloadTooLargeException(field + " holds more than the " + maxCells
                    + " cells one table may hold (aeserve.datasets.max-size, at 4 bytes per cell)");
        }
        if (text != null && text.length() > Cells.MAX_CELL_LENGTH) {
            throw new InvalidInputException(field, "row " + (rows + 1) + ", column '" + names.get(inRow)
                    + "' is longer than " + Cells.MAX_CELL_LENGTH + " characters");
        }
        columns[inRow++].add(text);
    }

    /** Ends the current row, which must have had a cell for every column. */
    public void endRow() {
        if (inRow != columns.length) {
            throw new InvalidInputException(field, "row " + (rows + 1) + " has " + inRow + " cells; the header names "
                    + columns.length);
        }
        rows++;
        inRow = 0;
    }

    public int rows() {
        return rows;
    }

    /** The table, each column's kind inferred unless {@code overrides} sets it; 400 for an override that cannot be. */
    public Table build(List<ColumnOverride> overrides) {
        if (rows == 0) {
            throw new InvalidInputException(field, "holds no data rows");
        }
        Map<String, ColumnKind> set = checked(overrides);
        List<TableColumn> described = new ArrayList<>();
        float[] values = new float[Math.multiplyExact(rows, columns.length)];
        for (int c = 0; c < columns.length; c++) {
            Column column = columns[c];
            ColumnKind kind = set.get(names.get(c));
            String reason = null;
            if (kind == null) {
                Inferred inferred = infer(names.get(c), column);
                kind = inferred.kind();
                reason = inferred.reason();
            } else {
                checkOverride(names.get(c), kind, column);
            }
            described.add(new TableColumn(names.get(c), kind, reason,
                    column.allNumbers ? null : List.copyOf(column.dictionary.keySet()), column.missing));
            for (int r = 0; r < rows; r++) {
                // an id-like column's texts are not kept: it holds missing values only
                values[r * columns.length + c] = column.overflow ? Float.NaN : column.cells[r];
            }
        }
        int label = -1;
        for (int c = 0; c < described.size(); c++) {
            label = described.get(c).kind() == ColumnKind.LABEL ? c : label;
        }
        if (label < 0) {
            return new Table(described, values, rows, null, null);
        }
        TableColumn labelColumn = described.get(label);
        String[] texts = new String[rows];
        TreeSet<String> sorted = new TreeSet<>();
        for (int r = 0; r < rows; r++) {
            texts[r] = labelColumn.categoryOf(values[r * columns.length + label]);
            if (texts[r] != null) {
                sorted.add(texts[r]);
            }
        }
        List<String> classes = List.copyOf(sorted);
        Map<String, Integer> index = new HashMap<>();
        classes.forEach(name -> index.put(name, index.size()));
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = texts[r] == null ? -1 : index.get(texts[r]);
        }
        return new Table(described, values, rows, labels, classes);
    }

    private Map<String, ColumnKind> checked(List<ColumnOverride> overrides) {
        Map<String, ColumnKind> set = new HashMap<>();
        if (overrides == null) {
            return set;
        }
        for (ColumnOverride override : overrides) {
            if (override == null || override.name() == null || override.kind() == null) {
                throw new InvalidInputException("columns", "each entry needs a name and a kind"
                        + " (numeric, categorical, boolean, ignore or label)");
            }
            if (!names.contains(override.name())) {
                throw new InvalidInputException("columns", "the table has no column '" + override.name()
                        + "'; its columns are " + names);
            }
            if (set.put(override.name(), override.kind()) != null) {
                throw new InvalidInputException("columns", "names '" + override.name() + "' twice");
            }
        }
        if (set.values().stream().filter(kind -> kind == ColumnKind.LABEL).count() > 1) {
            throw new InvalidInputException("columns", "at most one column can be the label");
        }
        return set;
    }

    private static void checkOverride(String name, ColumnKind kind, Column column) {
        if (kind == ColumnKind.NUMERIC && !column.allNumbers) {
            throw new InvalidInputException("columns", "column '" + name + "' holds text such as '"
                    + column.firstText + "', so it cannot be numeric; it can be categorical, ignore or label");
        }
        if ((kind.isCategorical() || kind == ColumnKind.LABEL) && column.overflow) {
            throw new InvalidInputException("columns", "column '" + name + "' holds too many distinct texts"
                    + " (more than " + MAX_STORED_CATEGORIES + ") to be " + kind.name().toLowerCase(Locale.ROOT));
        }
    }

    private record Inferred(ColumnKind kind, String reason) {}

    private Inferred infer(String name, Column column) {
        if (column.missing == rows) {
            return new Inferred(ColumnKind.IGNORE, "empty");
        }
        if (column.allNumbers) {
            if (isIdName(name)) {
                return new Inferred(ColumnKind.IGNORE, "id-like: named as an identifier");
            }
            return column.missing == 0 && column.constantNumber(rows)
                    ? new Inferred(ColumnKind.IGNORE, "constant") : new Inferred(ColumnKind.NUMERIC, null);
        }
        int distinct = column.dictionary.size();
        if (column.overflow) {
            return new Inferred(ColumnKind.IGNORE, "id-like: too many distinct texts to keep (more than "
                + MAX_STORED_CATEGORIES + ")");
        }
        if (distinct == 1 && column.missing == 0) {
            return new Inferred(ColumnKind.IGNORE, "constant");
        }
        if (rows >= ID_LIKE_MIN_ROWS && distinct > rows / 2) {
            return new Inferred(ColumnKind.IGNORE, "id-like: most texts are distinct");
        }
        return new Inferred(distinct <= 2 ? ColumnKind.BOOLEAN : ColumnKind.CATEGORICAL, null);
    }

    private static boolean isIdName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.equals("id") || lower.endsWith("_id") || lower.endsWith(".id") || lower.endsWith("-id")
                || lower.endsWith(" id");
    }

    /**
     * One column's cells until the table is built: numbers while every cell is one, then category indices. When
     * the first text comes, the numbers before it become categories by their canonical text, so a cell costs 4
     * bytes either way.
     */
    private final class Column {
        private float[] cells = new float[64];
        private int size;
        private final Map<String, Integer> dictionary = new LinkedHashMap<>();
        private boolean allNumbers = true;
        private boolean overflow;
        private int missing;
        private String firstText;

        void add(String text) {
            if (size == cells.length) {
                cells = Arrays.copyOf(cells, size * 2);
            }
            if (Cells.isMissing(text)) {
                cells[size++] = Float.NaN;
                missing++;
                return;
            }
            float number = Cells.number(text);
            if (allNumbers && !Float.isNaN(number)) {
                cells[size++] = number;
                return;
            }
            if (allNumbers) {
                allNumbers = false;
                firstText = text.length() > 40 ? text.substring(0, 40) + "..." : text;
                for (int i = 0; i < size; i++) {
                    cells[i] = Float.isNaN(cells[i]) ? Float.NaN : code(Cells.canonical(Float.toString(cells[i])));
                }
            }
            cells[size++] = code(Cells.canonical(text));
        }

        /** The category's index, added when new; NaN once the column has too many to keep. */
        private float code(String category) {
            Integer code = dictionary.get(category);
            if (code == null && !overflow) {
                if (dictionary.size() < MAX_STORED_CATEGORIES && storedText + category.length() <= MAX_STORED_TEXT) {
                    code = dictionary.size();
                    dictionary.put(category, code);
                    storedText += category.length();
                } else {
                    overflow = true;
                    dictionary.keySet().forEach(text -> storedText -= text.length());
                    dictionary.clear();
                }
            }
            return code != null && !overflow ? code : Float.NaN;
        }

        boolean constantNumber(int rows) {
            for (int r = 1; r < rows; r++) {
                if (cells[r] != cells[0]) {
                    return false;
                }
            }
            return true;
        }
    }
}
