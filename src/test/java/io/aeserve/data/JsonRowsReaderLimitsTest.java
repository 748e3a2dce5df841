package io.aeserve.data;

import static io.aeserve.data.ReadersTest.LIMITS;
import static io.aeserve.data.ReadersTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRowsReaderLimitsTest {

    private static DataMatrix read(String json) throws IOException {
        return JsonRowsReader.read(text(json), LIMITS, "file", null).values();
    }

    @Test
    void aNumberOfAThousandAndOneDigitsIsInvalid() {
        assertThatThrownBy(() -> read("[[" + "9".repeat(1001) + "]]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("goes beyond a limit of the JSON reader")
                .hasMessageContaining("Number value length (1001)");
        assertThatThrownBy(() -> read("[[0." + "1".repeat(1001) + "]]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit of the JSON reader");
    }

    @Test
    void aThousandDigitsAreANumberThatMayStillBeOutOfRange() throws IOException {
        assertThat(read("[[0." + "5".repeat(998) + "]]").values()[0]).isEqualTo(0.5555556f);
        assertThatThrownBy(() -> read("[[" + "9".repeat(1000) + "]]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("out of float range");
    }

    @Test
    void deepNestingIsInvalidWithoutBeingFollowed() {
        assertThatThrownBy(() -> read("[".repeat(100_000) + "]".repeat(100_000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 0, value 0 is not a number");
        assertThatThrownBy(() -> read("[" + "{\"a\":".repeat(100_000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> read("{\"a\":".repeat(100_000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be a JSON array of rows");
    }

    @Test
    void longNamesAndBrokenJsonAreInvalid() {
        assertThatThrownBy(() -> read("[{\"" + "k".repeat(1001) + "\": 1}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit of the JSON reader");
        assertThatThrownBy(() -> read("[[1, 2], [3"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not valid JSON");
        for (String notUtf8 : List.of("5b5bff5d5d", "00000000ffffffff", "0001000020322e355d")) {
            assertThatThrownBy(() -> JsonRowsReader.read(new ByteArrayInputStream(
                    HexFormat.of().parseHex(notUtf8)), LIMITS, "file", null).values())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageMatching("file: (is not UTF-8 text|is not valid JSON: .*|must be a JSON array of rows)");
        }
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be a JSON array of rows");
        assertThatThrownBy(() -> read("[[], []]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no data rows");
    }

    @Test
    void aUtf8ByteOrderMarkIsAllowed() throws IOException {
        byte[] json = ("\uFEFF[[1, 2]]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(JsonRowsReader.read(new ByteArrayInputStream(json), LIMITS, "file", null).values().values())
                .containsExactly(1, 2);
    }

    @Test
    void objectRowsAreReadByTheFirstRowsNames() throws IOException {
        assertThatThrownBy(() -> read("[{\"x\": 1, \"y\": 2}, {\"x\": 3, \"z\": 4}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 1 has the field 'z' that the first row does not have");
        assertThatThrownBy(() -> read("[{\"x\": 1}, {\"x\": 3, \"x\": 4}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("row 1 has the field 'x' twice");
        assertThat(read("[{\"x\": 1, \"y\": 2}, {\"y\": 4, \"x\": 3}]").values()).containsExactly(1, 2, 3, 4);
        // a field left out, a text or a null makes the rows a table
        UploadedRows table = JsonRowsReader.read(text("[{\"x\": 1, \"y\": \"a\"}, {\"x\": 3}, {\"x\": null,"
                + " \"y\": \"b\"}]"), LIMITS, "file", null);
        assertThat(table.values()).isNull();
        assertThat(table.table().columns().get(0).missing()).isEqualTo(1);
        assertThat(table.table().columns().get(1).categories()).containsExactly("a", "b");
    }

    @Test
    void moreValuesThanTheLimitAreTooLarge() {
        assertThatThrownBy(() -> JsonRowsReader.read(text("[[1, 2], [3, 4]]"), ReadLimits.of(1 << 20, 3 * 4),
                "file", null))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("more than the 3 values");
    }

    @Test
    void aFailureToReadTheUploadStaysAnIoError() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        assertThatThrownBy(() -> JsonRowsReader.read(failing, LIMITS, "file", null).values())
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("disk gone");
    }
}
