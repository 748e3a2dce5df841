package io.aeserve.table;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/** How a table cell's text is read: which texts mean missing, which are numbers, and one text per category. */
final class Cells {

    /** Longer than any number or category worth one-hot encoding; a longer cell is refused. */
    static final int MAX_CELL_LENGTH = 256;

    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "?");

    private Cells() {}

    static boolean isMissing(String text) {
        return text == null || MISSING.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /** The cell as a finite float, or NaN when it is not one. */
    static float number(String text) {
        try {
            float value = Float.parseFloat(text.strip());
            return Float.isFinite(value) ? value : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    /**
     * One text per category: stripped, and a number written plainly without trailing zeros ("3.0" and "03" are
     * "3"), so a category written as a number in JSON matches the same text in a CSV. The export's Python module
     * reads categories the same way.
     */
    static String canonical(String text) {
        String stripped = text.strip();
        if (stripped.isEmpty() || !(Character.isDigit(stripped.charAt(stripped.length() - 1)) || stripped.endsWith("."))) {
            return stripped;
        }
        try {
            BigDecimal number = new BigDecimal(stripped).stripTrailingZeros();
            // "1e999999" is a number too, but not one to write out in full
            boolean plain = Math.abs(number.scale()) <= 64 && number.precision() <= 64;
            return plain ? number.toPlainString() : stripped;
        } catch (NumberFormatException e) {
            return stripped;
        }
    }
}
