package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aeserve.storage.Npy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The inference endpoints' request formats and answers over HTTP: how JSON, raw float32, .npy and PNG bodies are read,
 * which format the answer takes for each Accept, and how threshold and score parameters reach the service. The
 * service runs models on the engine, so here it is a stand-in whose model returns its input unchanged: "tabular"
 * takes rows of 3 values, "images" 1x2x2 images. Security has tests of its own.
 */
@WebMvcTest(InferenceController.class)
@AutoConfigureMockMvc(addFilters = false)
class InferenceControllerTest {

    static final MediaType NPY = MediaType.parseMediaType(Npy.MEDIA_TYPE);
    static final String INVALID = "urn:aeserve:problem:invalid-request";

    @MockitoBean
    InferenceService inference;

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void anIdentityModel() {
        when(inference.inputShape("tabular")).thenReturn(List.of(3));
        when(inference.inputShape("images")).thenReturn(List.of(1, 2, 2));
        when(inference.reconstructFlat(anyString(), any(), any(), anyString()))
                .thenAnswer(call -> call.<InputRows>getArgument(2).values().clone());
        when(inference.reconstruct(anyString(), any(), any())).thenAnswer(call -> {
            InputRows rows = call.getArgument(2);
            return new InferenceResponses.Reconstructed(call.getArgument(0), 1,
                    rowsOf(rows), new float[rows.rows()]);
        });
        when(inference.anomalyScore(anyString(), any(), any())).thenAnswer(call -> {
            InferenceRequests.AnomalyScore request = call.getArgument(2);
            int rows = request.inputs().rows();
            return new InferenceResponses.AnomalyScores(call.getArgument(0), 1, "reconstruction", new float[rows],
                    new AnomalyThreshold(ThresholdRule.PERCENTILE, 99, 0.5), new boolean[rows], new double[rows],
                    null, null);
        });
    }

    private InputRows reconstructed(String model) {
        ArgumentCaptor<InputRows> rows = ArgumentCaptor.forClass(InputRows.class);
        verify(inference).reconstructFlat(eq(model), isNull(), rows.capture(), eq("reconstruct"));
        return rows.getValue();
    }

    private ResultActions send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request);
    }

    private static MockHttpServletRequestBuilder binary(String path, MediaType type, byte[] body) {
        return post(path).contentType(type).content(body);
    }

    static byte[] gray(int[][] pixels) throws Exception {
        BufferedImage image = new BufferedImage(pixels[0].length, pixels.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < pixels.length; y++) {
            for (int x = 0; x < pixels[0].length; x++) {
                image.getRaster().setSample(x, y, 0, pixels[y][x]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void jsonRowsAreAnsweredAsJson() throws Exception {
        send(post("/api/v1/models/tabular/reconstruct").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [[1, 2, 3], [4, 5, 6]]}"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.outputs[1]").value(Matchers.contains(4.0, 5.0, 6.0)))
                .andExpect(jsonPath("$.errors.length()").value(2));
        send(post("/api/v1/models/tabular/reconstruct").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[0].field").value("inputs"));
        send(post("/api/v1/models/tabular/reconstruct").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [[1, 2, 3]], \"rows\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rows"));
    }

    @Test
    void rawFloatsTakeTheModelsShapeOrTheRowShapeHeader() throws Exception {
        byte[] six = RowCodecs.toRaw(new float[] {1, 2, 3, 4, 5, 6});
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM, six))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs.length()").value(2))
                .andExpect(jsonPath("$.outputs[0]").value(Matchers.contains(1.0, 2.0, 3.0)));
        byte[] eight = RowCodecs.toRaw(new float[] {0, 0.25f, 0.5f, 1, 1, 0.5f, 0.25f, 0});
        byte[] answer = send(binary("/api/v1/models/images/reconstruct", MediaType.APPLICATION_OCTET_STREAM, eight)
                        .header("X-Row-Shape", "1,2,2").accept(MediaType.APPLICATION_OCTET_STREAM))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_OCTET_STREAM))
                .andExpect(header().string("X-Row-Shape", "1,2,2"))
                .andExpect(header().string("X-Rows", "2"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(answer).isEqualTo(eight);
        InputRows rows = reconstructed("images");
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.rowShape()).containsExactly(1, 2, 2);
    }

    @Test
    void rawBodiesThatDoNotMakeWholeRowsOrCarryABadShapeAreNamed() throws Exception {
        byte[] six = RowCodecs.toRaw(new float[] {1, 2, 3, 4, 5, 6});
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM, six)
                        .header("X-Row-Shape", "one,two"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("X-Row-Shape"));
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM, six)
                        .header("X-Row-Shape", "4"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("not whole rows of 4")));
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM,
                        RowCodecs.toRaw(new float[] {1, Float.NaN, 3})))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("value 1 is NaN")));
        // Spring refuses an empty body before the controller sees it
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM, new byte[0]))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:malformed-body"));
        verify(inference, never()).reconstructFlat(anyString(), any(), any(), anyString());
        verify(inference, never()).reconstruct(anyString(), any(), any());
    }

    @Test
    void npyRowsCanBeAnsweredAsNpy() throws Exception {
        byte[] npy = Npy.write(new float[] {1, 2, 3, 4, 5, 6}, List.of(2, 3));
        byte[] answer = send(binary("/api/v1/models/tabular/reconstruct", NPY, npy).accept(NPY))
                .andExpect(status().isOk())
                .andExpect(content().contentType(NPY))
                .andExpect(header().string("X-Row-Shape", "3"))
                .andReturn().getResponse().getContentAsByteArray();
        Npy.Array array = Npy.read(answer);
        assertThat(array.shape()).containsExactly(2, 3);
        assertThat(array.values()).containsExactly(1, 2, 3, 4, 5, 6);
        send(binary("/api/v1/models/tabular/reconstruct", NPY, Npy.write(new float[] {1, 2, 3}, List.of(3))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("at least 2 axes")));
    }

    @Test
    void aPngIsOneImageOfTheModelsShapeAndCanBeAnsweredAsAPng() throws Exception {
        byte[] png = gray(new int[][] {{0, 255}, {51, 102}});
        byte[] answer = send(binary("/api/v1/models/images/reconstruct", MediaType.IMAGE_PNG, png)
                        .accept(MediaType.IMAGE_PNG))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(reconstructed("images").values()).containsExactly(0f, 1f, 0.2f, 0.4f);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer));
        assertThat(new int[] {image.getRaster().getSample(0, 0, 0), image.getRaster().getSample(1, 0, 0),
            image.getRaster().getSample(0, 1, 0), image.getRaster().getSample(1, 1, 0)})
                .containsExactly(0, 255, 51, 102);
        send(binary("/api/v1/models/images/reconstruct", MediaType.IMAGE_PNG, gray(new int[3][3])))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("the image is 3x3")));
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM,
                        RowCodecs.toRaw(new float[] {1, 2, 3})).accept(MediaType.IMAGE_PNG))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("Accept"));
    }

    @Test
    void anAcceptNoFormatSatisfiesIs406WithAProblemBodyBeforeAnyWork() throws Exception {
        byte[] three = RowCodecs.toRaw(new float[] {1, 2, 3});
        for (String accept : new String[] {"text/csv", "this is not a media type;;", "image/jpeg, text/html"}) {
            send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM, three)
                            .header("Accept", accept))
                    .andExpect(status().isNotAcceptable())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(406))
                    .andExpect(jsonPath("$.type").value("urn:aeserve:problem:http-406"));
        }
        verify(inference, never()).inputShape(anyString());
        verify(inference, never()).reconstructFlat(anyString(), any(), any(), anyString());
        for (String accept : new String[] {"*/*", "application/json", "text/csv, application/json;q=0.5"}) {
            send(binary("/api/v1/models/tabular/reconstruct", MediaType.APPLICATION_OCTET_STREAM, three)
                            .header("Accept", accept))
                    .andExpect(status().isOk())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.outputs[0]").value(Matchers.contains(1.0, 2.0, 3.0)));
        }
        send(binary("/api/v1/models/tabular/reconstruct", MediaType.TEXT_PLAIN, "1,2,3".getBytes()))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:http-415"));
    }

    @Test
    void binaryAnomalyScoresTakeRuleValueScoreAndPerFeatureFromTheQuery() throws Exception {
        byte[] three = RowCodecs.toRaw(new float[] {1, 2, 3});
        send(binary("/api/v1/models/tabular/anomaly-score?rule=Sigma&value=2.5&score=latent&perFeature=true",
                        MediaType.APPLICATION_OCTET_STREAM, three))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.threshold.rule").value("percentile"));
        ArgumentCaptor<InferenceRequests.AnomalyScore> request =
                ArgumentCaptor.forClass(InferenceRequests.AnomalyScore.class);
        verify(inference).anomalyScore(eq("tabular"), isNull(), request.capture());
        assertThat(request.getValue().threshold()).isEqualTo(new InferenceRequests.Threshold(ThresholdRule.SIGMA, 2.5));
        assertThat(request.getValue().score()).isEqualTo("latent");
        assertThat(request.getValue().perFeature()).isTrue();
        assertThat(request.getValue().inputs().values()).containsExactly(1, 2, 3);
        send(binary("/api/v1/models/tabular/anomaly-score?rule=median", MediaType.APPLICATION_OCTET_STREAM, three))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule"));
        send(binary("/api/v1/models/tabular/anomaly-score?value=high", MediaType.APPLICATION_OCTET_STREAM, three))
                .andExpect(status().isBadRequest());
    }

    @Test
    void jsonAnomalyScoresReadScoreAndThresholdFromTheBody() throws Exception {
        send(post("/api/v1/models/tabular/anomaly-score?version=2").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [[1, 2, 3]], \"score\": \"knn\","
                                + " \"threshold\": {\"rule\": \"contamination\", \"value\": 0.05}}"))
                .andExpect(status().isOk());
        ArgumentCaptor<InferenceRequests.AnomalyScore> request =
                ArgumentCaptor.forClass(InferenceRequests.AnomalyScore.class);
        verify(inference).anomalyScore(eq("tabular"), eq(2), request.capture());
        assertThat(request.getValue().score()).isEqualTo("knn");
        assertThat(request.getValue().threshold())
                .isEqualTo(new InferenceRequests.Threshold(ThresholdRule.CONTAMINATION, 0.05));
        assertThat(request.getValue().perFeature()).isNull();
        send(post("/api/v1/models/tabular/anomaly-score").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"inputs\": [[1, 2, 3]], \"threshold\": {\"rule\": \"median\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("threshold.rule"));
    }

    @Test
    void generateCountsAreOneTo4096() throws Exception {
        for (String count : new String[] {"0", "4097", "null"}) {
            send(post("/api/v1/models/vae/generate").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"count\": " + count + "}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("count"));
        }
        verify(inference, never()).generate(anyString(), any(), anyInt(), any());
    }

    static float[][] rowsOf(InputRows rows) {
        float[][] split = new float[rows.rows()][];
        for (int i = 0; i < split.length; i++) {
            split[i] = java.util.Arrays.copyOfRange(rows.values(), i * rows.width(), (i + 1) * rows.width());
        }
        return split;
    }
}
