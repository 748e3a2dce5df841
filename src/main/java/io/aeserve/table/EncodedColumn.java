package io.aeserve.table;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One column as a model version sees it, fitted on its training rows. A numeric column gives its value (the
 * training median where missing) and, when training rows had missing values, a 0/1 missing indicator. A categorical
 * or boolean column gives one input per kept category and a last one for every other category, unseen ones
 * included; {@code ""} is the category of a missing value. Ignored and label columns give no input.
 *
 * @param median numeric columns only
 * @param missingIndicator numeric columns only
 * @param categories categorical and boolean columns only: the most frequent categories of the training rows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EncodedColumn(String name, ColumnKind kind, Float median, Boolean missingIndicator,
        List<String> categories) {

    /** The category of a missing value. */
    public static final String MISSING = "";

    /** How many model inputs the column gives. */
    @JsonIgnore
    public int width() {
        if (kind == ColumnKind.NUMERIC) {
            return Boolean.TRUE.equals(missingIndicator) ? 2 : 1;
        }
        return kind.isCategorical() ? categories.size() + 1 : 0;
    }

    /** Writes the inputs of a number (NaN when missing) from {@code at}; returns where the next column starts. */
    int writeNumber(float value, float[] out, int at) {
        boolean missing = Float.isNaN(value);
        out[at] = missing ? median : value;
        if (Boolean.TRUE.equals(missingIndicator)) {
            out[at + 1] = missing ? 1 : 0;
        }
        return at + width();
    }

    /** Writes the one-hot inputs of a category (null when missing) from {@code at}; returns the next column's. */
    int writeCategory(String category, float[] out, int at) {
        int index = categories.indexOf(category == null ? MISSING : category);
        out[at + (index >= 0 ? index : categories.size())] = 1;
        return at + width();
    }
}
