package io.aeserve.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.support.Requirements;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TableEncodingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** size: 1, missing, 3, 10; colour: red, red, blue, missing; id: ignored; class: the label. */
    private static final List<TableColumn> SCHEMA = List.of(
            new TableColumn("size", ColumnKind.NUMERIC, null, null, 1),
            new TableColumn("colour", ColumnKind.CATEGORICAL, null, List.of("red", "blue"), 1),
            new TableColumn("id", ColumnKind.IGNORE, "id-like", null, 0),
            new TableColumn("class", ColumnKind.LABEL, null, List.of("a", "b"), 0));
    private static final float N = Float.NaN;
    private static final float[] STORED = {
        1, 0, 7, 0,
        N, 0, 8, 1,
        3, 1, 9, 0,
        10, N, 6, 1};

    @Test
    void numbersGetTheMedianAndAnIndicatorCategoriesOneHotWithOtherAndMissingAsItsOwn() {
        TableEncoding encoding = TableEncoding.fit(SCHEMA, STORED, 4);

        // size: value, missing; colour: red, blue, "" (missing), other
        assertThat(encoding.width()).isEqualTo(6);
        assertThat(encoding.columns().get(0).median()).isEqualTo(3f);
        assertThat(encoding.columns().get(1).categories()).containsExactly("red", "blue", "");
        assertThat(encoding.inputColumns()).containsExactly("size", "colour");
        assertThat(encoding.encode(SCHEMA, STORED, 4)).containsExactly(
                1, 0, 1, 0, 0, 0,
                3, 1, 1, 0, 0, 0,
                3, 0, 0, 1, 0, 0,
                10, 0, 0, 0, 1, 0);
    }

    @Test
    void rowsByNameAreEncodedAsStoredRowsAreAndUnseenCategoriesGoToOther() {
        TableEncoding encoding = TableEncoding.fit(SCHEMA, STORED, 4);
        Map<String, String> blank = new HashMap<>();
        blank.put("size", null);
        blank.put("class", "z");

        float[] inputs = encoding.encodeRecords(List.of(Map.of("size", "2.5", "colour", " blue ", "id", "x"),
                Map.of("colour", "green"), blank), "inputs");

        assertThat(inputs).containsExactly(
                2.5f, 0, 0, 1, 0, 0,
                3, 1, 0, 0, 0, 1,
                3, 1, 0, 0, 1, 0);
    }

    @Test
    void aRowByNameWithAnUnknownColumnOrATextForANumberIsRefused() {
        TableEncoding encoding = TableEncoding.fit(SCHEMA, STORED, 4);

        assertThatThrownBy(() -> encoding.encodeRecords(List.of(Map.of("sise", "1")), "inputs"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("inputs[0]")
                .hasMessageContaining("'sise'");
        assertThatThrownBy(() -> encoding.encodeRecords(List.of(Map.of(), Map.of("size", "big")), "inputs"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("inputs[1].size");
    }

    @Test
    void onlyTheMostFrequentCategoriesAreKept() {
        int rows = 20 + TableEncoding.MAX_CATEGORIES + 10;
        List<String> names = new ArrayList<>();
        float[] stored = new float[rows];
        for (int r = 0; r < rows; r++) {
            names.add("c" + r);
            stored[r] = r < 20 ? 0 : r; // c0 twenty times, then every other once
        }
        List<TableColumn> schema = List.of(new TableColumn("c", ColumnKind.CATEGORICAL, null, names, 0));

        TableEncoding encoding = TableEncoding.fit(schema, stored, rows);

        assertThat(encoding.columns().get(0).categories()).hasSize(TableEncoding.MAX_CATEGORIES).startsWith("c0");
        assertThat(encoding.width()).isEqualTo(TableEncoding.MAX_CATEGORIES + 1);
    }

    @Test
    void perColumnErrorsSumEachColumnsInputs() {
        TableEncoding encoding = TableEncoding.fit(SCHEMA, STORED, 4);

        assertThat(encoding.perColumn(new float[] {1, 2, 3, 4, 5, 6}, 1)).containsExactly(3, 18);
    }

    @Test
    void categoriesWrittenAsNumbersMatchHoweverTheyAreWritten() {
        assertThat(Cells.canonical("3.0")).isEqualTo("3");
        assertThat(Cells.canonical(" 03 ")).isEqualTo("3");
        assertThat(Cells.canonical("1e2")).isEqualTo("100");
        assertThat(Cells.canonical("1e999999")).isEqualTo("1e999999");
        assertThat(Cells.canonical("yes")).isEqualTo("yes");
    }

    @Test
    void theExportsPythonModuleEncodesRowsAsTheServiceDoes(@TempDir Path folder) throws Exception {
        boolean python = Files.isExecutable(Path.of("/usr/bin/python3"));
        Requirements.require(python, "/usr/bin/python3 is not installed");
        TableEncoding encoding = TableEncoding.fit(SCHEMA, STORED, 4);
        Files.write(folder.resolve("columns.json"), JSON.writeValueAsBytes(encoding));
        try (InputStream module = getClass().getResourceAsStream("/export/aeserve_columns.py")) {
            Files.write(folder.resolve("aeserve_columns.py"), module.readAllBytes());
        }
        String rows = "[{\"size\": \"2.5\", \"colour\": \" blue \", \"id\": \"x\"}, {\"colour\": \"green\"},"
                + " {\"size\": null, \"class\": \"z\"}, {\"size\": 7, \"colour\": \"NA\"}]";
        Files.writeString(folder.resolve("rows.json"), rows);

        Process process = new ProcessBuilder("/usr/bin/python3", "-c", """
                import json, sys
                sys.path.insert(0, '.')
                from aeserve_columns import load_columns, encode
                print(json.dumps(encode(load_columns('.'), json.load(open('rows.json')))))
                """).directory(folder.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.exitValue()).as(output).isZero();

        JsonNode python0 = JSON.readTree(output);
        List<Map<String, String>> records = new ArrayList<>();
        for (JsonNode row : JSON.readTree(rows)) {
            Map<String, String> record = new HashMap<>();
            row.properties().forEach(entry -> record.put(entry.getKey(),
                    entry.getValue().isNull() ? null : entry.getValue().asString()));
            records.add(record);
        }
        float[] java = encoding.encodeRecords(records, "inputs");
        assertThat(python0.size()).isEqualTo(4);
        for (int r = 0; r < 4; r++) {
            for (int i = 0; i < encoding.width(); i++) {
                assertThat(python0.get(r).get(i).asDouble()).as("row " + r + " input " + i)
                        .isCloseTo(java[r * encoding.width() + i], Offset.offset(1e-6));
            }
        }
    }
}
