package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/** Both request types read the same through the fast reader as through Jackson, whatever else the body holds. */
class RowsJsonConverterTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final RowsJsonConverter converter = new RowsJsonConverter(new JacksonJsonHttpMessageConverter(mapper));

    @Test
    void readsAnomalyScoreBodiesOfRowsAloneAsJacksonDoes() throws Exception {
        String body = "{\"inputs\": [[0.5, 1e-3, -2], [3, 4.25, 0]]}";
        InferenceRequests.AnomalyScore fast = (InferenceRequests.AnomalyScore) converter.read(
                InferenceRequests.AnomalyScore.class, message(body));
        InferenceRequests.AnomalyScore expected = mapper.readValue(body, InferenceRequests.AnomalyScore.class);

        assertThat(fast.inputs().values()).containsExactly(expected.inputs().values());
        assertThat(fast.inputs().rows()).isEqualTo(2);
        assertThat(fast.inputs().rowShape()).isEqualTo(expected.inputs().rowShape());
        assertThat(fast.score()).isNull();
        assertThat(fast.threshold()).isNull();
        assertThat(fast.perFeature()).isNull();
    }

    @Test
    void leavesAnomalyScoreBodiesWithOtherFieldsToJackson() throws Exception {
        String body = "{\"inputs\": [[0.5, 1]], \"score\": \"knn\", \"threshold\": {\"rule\": \"sigma\", "
                + "\"value\": 2}, \"perFeature\": true}";
        InferenceRequests.AnomalyScore read = (InferenceRequests.AnomalyScore) converter.read(
                InferenceRequests.AnomalyScore.class, message(body));

        assertThat(read.inputs().values()).containsExactly(0.5f, 1f);
        assertThat(read.score()).isEqualTo("knn");
        assertThat(read.threshold().rule()).isEqualTo(ThresholdRule.SIGMA);
        assertThat(read.threshold().value()).isEqualTo(2.0);
        assertThat(read.perFeature()).isTrue();
    }

    @Test
    void readsRowBodies() throws Exception {
        InferenceRequests.Rows read = (InferenceRequests.Rows) converter.read(InferenceRequests.Rows.class,
                message("{\"inputs\": [[1, 2]]}"));

        assertThat(read.inputs().values()).containsExactly(1f, 2f);
    }

    private static HttpInputMessage message(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(bytes.length);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
