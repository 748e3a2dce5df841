package io.aeserve.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.NotFoundException;
import io.aeserve.web.LimitsProperties;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The protocol's REST controller as a slice, with a stand-in for the inference: the exact bytes of a binary answer,
 * and failures the engine-backed test cannot provoke at will (429, 500) in the protocol's error shape.
 */
@WebMvcTest(OipRestController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(OipRestControllerTest.Codec.class)
class OipRestControllerTest {

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LimitsProperties.class)
    static class Codec {
        @Bean
        OipRestCodec oipRestCodec(JsonMapper mapper) {
            return new OipRestCodec(mapper);
        }
    }

    static final String REQUEST = """
            {"inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 1], "data": [1.5, -2]}],
             "outputs": [{"name": "score", "parameters": {"binary_data": true}},
                         {"name": "anomaly", "parameters": {"binary_data": true}}]}""";

    @MockitoBean
    OipInference oip;

    @Autowired
    MockMvc mvc;

    @Test
    void binaryOutputsFollowTheJsonHeaderLittleEndianWithOneByteBooleans() throws Exception {
        when(oip.infer(eq("m"), isNull(), any(), anyList(), anyMap())).thenReturn(new OipResult("m", "3", List.of(
                OipTensor.fp32("score", List.of(2L), new float[] {1.0f, -2.5f}),
                OipTensor.bool("anomaly", List.of(2L), new boolean[] {false, true}))));
        MvcResult result = mvc.perform(post("/v2/models/m/infer").contentType(MediaType.APPLICATION_JSON)
                        .content(REQUEST))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_OCTET_STREAM))
                .andReturn();
        byte[] body = result.getResponse().getContentAsByteArray();
        int length = Integer.parseInt(result.getResponse().getHeader("Inference-Header-Content-Length"));
        assertThat(new String(body, 0, length, StandardCharsets.UTF_8)).isEqualTo("""
                {"model_name":"m","model_version":"3","outputs":[\
                {"name":"score","datatype":"FP32","shape":[2],"parameters":{"binary_data_size":8}},\
                {"name":"anomaly","datatype":"BOOL","shape":[2],"parameters":{"binary_data_size":2}}]}""");
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000, little-endian; then false, true
        assertThat(Arrays.copyOfRange(body, length, body.length)).containsExactly(
                0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0, 0x00, 0x01);
    }

    @Test
    void capacityIsA429WithRetryAfter() throws Exception {
        when(oip.infer(any(), any(), any(), anyList(), anyMap()))
                .thenThrow(new CapacityExceededException("too many rows in flight", 1));
        mvc.perform(post("/v2/models/m/infer").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("{\"error\": \"too many rows in flight\"}", true));
    }

    @Test
    void unexpectedFailuresAndUnknownModelsKeepTheProtocolsShape() throws Exception {
        when(oip.infer(any(), any(), any(), anyList(), anyMap())).thenThrow(new IllegalStateException("boom"));
        mvc.perform(post("/v2/models/m/infer").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
                .andExpect(status().isInternalServerError())
                .andExpect(content().json("{\"error\": \"The service failed to handle the request:"
                        + " IllegalStateException\"}", true));
        when(oip.model("gone", null)).thenThrow(new NotFoundException("model", "gone"));
        mvc.perform(get("/v2/models/gone"))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\": \"model 'gone' does not exist\"}", true));
    }

    @Test
    void serverNotReadyIsA400WithoutBody() throws Exception {
        when(oip.live()).thenReturn(true);
        when(oip.ready()).thenReturn(false);
        mvc.perform(get("/v2/health/live")).andExpect(status().isOk());
        mvc.perform(get("/v2/health/ready")).andExpect(status().isBadRequest())
                .andExpect(content().string(""));
    }
}
