package io.aeserve.data;

import java.util.List;

/**
 * Which rows of a dataset to use.
 *
 * @param dataset a dataset id, or {@code fashion-mnist}
 * @param split {@code train} or {@code test} for a built-in dataset; absent means {@code train}
 * @param classes keep only rows with these labels; absent keeps all
 */
public record DataSelection(String dataset, String split, List<Integer> classes) {}
