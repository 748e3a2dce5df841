package io.aeserve.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.table.ColumnKind;
import io.aeserve.table.ColumnOverride;
import io.aeserve.table.Table;
import io.aeserve.table.TableColumn;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCsvReaderTest {

    @Test
    void housevotesHasVotesOfTwoTextsWithEmptyCellsAndItsClassAsLabel() throws IOException {
        Table table = read(resource("housevotes84.csv"), List.of(new ColumnOverride("Class", ColumnKind.LABEL)));

        assertThat(table.rows()).isEqualTo(435);
        assertThat(table.columns()).hasSize(17);
        TableColumn v1 = column(table, "V1");
        assertThat(v1.kind()).isEqualTo(ColumnKind.BOOLEAN);
        assertThat(v1.categories()).containsExactlyInAnyOrder("y", "n");
        assertThat(v1.missing()).isEqualTo(12);
        assertThat(table.classes()).containsExactly("democrat", "republican");
        assertThat(Arrays.stream(table.labels()).filter(label -> label == 0).count()).isEqualTo(267);
        assertThat(Arrays.stream(table.labels()).filter(label -> label == 1).count()).isEqualTo(168);
    }

    @Test
    void breastcancerKeepsNumbersWithEmptyCellsAndIgnoresItsId() throws IOException {
        Table table = read(resource("breastcancer.csv"), null);

        assertThat(column(table, "Id").kind()).isEqualTo(ColumnKind.IGNORE);
        assertThat(column(table, "Id").reason()).contains("id-like");
        TableColumn nuclei = column(table, "Bare.nuclei");
        assertThat(nuclei.kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(nuclei.isText()).isFalse();
        assertThat(nuclei.missing()).isEqualTo(16);
        assertThat(column(table, "Class").kind()).isEqualTo(ColumnKind.BOOLEAN);
        assertThat(table.labels()).isNull();
        // row 1: "1000025","5","1","1","1","2","1","3","1","1","benign"
        assertThat(Arrays.copyOfRange(table.values(), 1, 10)).containsExactly(5, 1, 1, 1, 2, 1, 3, 1, 1);
    }

    @Test
    void quotedCellsKeepSeparatorsLineBreaksAndDoubledQuotes() throws IOException {
        String csv = "name;city;size\r\n\"a\";\"New York; NY\";1\n\n\"say \"\"hi\"\"\";\"two\nlines\";\n"
                + "c;Paris;3\n";
        Table table = read(csv, null);

        assertThat(table.rows()).isEqualTo(3);
        assertThat(column(table, "city").categories()).containsExactly("New York; NY", "two\nlines", "Paris");
        assertThat(column(table, "size").missing()).isEqualTo(1);
        assertThat(column(table, "name").categories()).containsExactly("a", "say \"hi\"", "c");
    }

    @Test
    void aColumnThatTurnsToTextKeepsItsEarlierNumbersAsCategories() throws IOException {
        Table table = read("code,x\n3,1\n3.0,2\nA,3\n", null);

        assertThat(column(table, "code").categories()).containsExactly("3", "A");
        assertThat(Arrays.copyOf(table.values(), 6)).containsExactly(0, 1, 0, 2, 1, 3);
    }

    @Test
    void constantColumnsAreIgnoredAndOverridesWin() throws IOException {
        String csv = "a,b,c\n" + "1,x,u\n2,x,v\n".repeat(5);

        Table inferred = read(csv, null);
        assertThat(column(inferred, "b").kind()).isEqualTo(ColumnKind.IGNORE);
        assertThat(column(inferred, "b").reason()).isEqualTo("constant");

        Table set = read(csv, List.of(new ColumnOverride("a", ColumnKind.CATEGORICAL),
                new ColumnOverride("c", ColumnKind.IGNORE)));
        assertThat(column(set, "a").kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(column(set, "c").kind()).isEqualTo(ColumnKind.IGNORE);
    }

    @Test
    void aTextColumnWithTooManyDistinctTextsIsIgnoredAndKeepsNone() throws IOException {
        StringBuilder csv = new StringBuilder("code,x\n");
        for (int r = 0; r < 1500; r++) {
            csv.append("u").append(r).append(',').append(r % 7).append('\n');
        }
        Table table = read(csv.toString(), null);

        assertThat(column(table, "code").kind()).isEqualTo(ColumnKind.IGNORE);
        assertThat(column(table, "code").reason()).contains("too many distinct texts");
        assertThat(column(table, "code").categories()).isEmpty();
        assertThatThrownBy(() -> read(csv.toString(), List.of(new ColumnOverride("code", ColumnKind.CATEGORICAL))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too many distinct texts");
    }

    @Test
    void malformedTablesAndOverridesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> read("a,b\n\"x,1\n", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> read("a,b\nx,1,2\n", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 1 has more than the 2 cells");
        assertThatThrownBy(() -> read("a,b\nx\n", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 1 has 1 cells");
        assertThatThrownBy(() -> read("a,a\nx,1\n", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> read("a,b\n" + "x".repeat(300) + ",1\n", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than 256");
        assertThatThrownBy(() -> read("a,b\nx,1\n", List.of(new ColumnOverride("c", ColumnKind.LABEL))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no column 'c'");
        assertThatThrownBy(() -> read("a,b\nx,1\n", List.of(new ColumnOverride("a", ColumnKind.NUMERIC))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds text such as 'x'");
        assertThatThrownBy(() -> read("a,b\n", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no data rows");
    }

    @Test
    void aTableLargerThanTheLimitIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> TableCsvReader.read(text("a,b\n" + "x,1\n".repeat(100)), ',', 50, "file"))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    static Table read(String csv, List<ColumnOverride> overrides) throws IOException {
        BufferedReader text = text(csv);
        char separator = CsvReader.separator(text);
        assertThat(TableCsvReader.startsWithHeader(text, separator)).isTrue();
        return TableCsvReader.read(text, separator, 1_000_000, "file").build(overrides);
    }

    private static BufferedReader text(String csv) {
        return CsvReader.text(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TableCsvReaderTest.class.getResourceAsStream("/tables/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TableColumn column(Table table, String name) {
        return table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
