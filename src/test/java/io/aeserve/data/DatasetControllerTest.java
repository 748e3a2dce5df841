package io.aeserve.data;

import static io.aeserve.data.ReadersTest.idx;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aeserve.storage.FolderBlobStore;
import java.nio.file.Path;
import io.aeserve.storage.StorageQuota;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/** Hostile uploads over HTTP: each is a 4xx problem that says what was wrong. Security has tests of its own. */
@WebMvcTest(DatasetController.class)
@AutoConfigureMockMvc(addFilters = false)
class DatasetControllerTest {

    @TestConfiguration
    static class Datasets {

        @Bean
        DatasetService datasetService() throws IOException {
            Path folder = Files.createTempDirectory("datasets-test");
            FolderBlobStore blobs = new FolderBlobStore(folder);
            return new DatasetService(
                    new DatasetStore(blobs, JsonMapper.builder().build(), new StorageQuota(blobs, 1L << 30)),
                    new FashionMnist(folder.resolve("no-fashion-mnist")), ReadersTest.LIMITS,
                    new DatasetCache(4, 1 << 30));
        }
    }

    @Autowired
    MockMvc mvc;

    private ResultActions upload(String fileName, byte[] bytes) throws Exception {
        return mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", fileName, null, bytes)));
    }

    @Test
    void anIdxHeaderAskingForMoreThanTheFileHoldsIsABadRequest() throws Exception {
        upload("big.idx", HexFormat.of().parseHex("000008027735940000000001"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:invalid-request"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("announces 2000000000 values")))
                .andExpect(jsonPath("$.errors[0].field").value("file"));
    }

    @Test
    void aFakeGzipIsABadRequestAndAGzipBombIsTooLarge() throws Exception {
        upload("fake.idx.gz", HexFormat.of().parseHex("1f8b0000000000000000ffffffff"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("gzip stream is corrupt")));
        upload("bomb.idx.gz", idx(0x08, new int[] {1 << 16, 1 << 16}, new byte[0], true))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:payload-too-large"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("aeserve.limits.max-upload-size")));
    }

    @Test
    void aJsonNumberOfAThousandAndOneDigitsIsABadRequest() throws Exception {
        upload("rows.json", ("[[" + "1".repeat(1001) + "]]").getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("Number value length (1001)")));
    }

    @Test
    void aValidUploadIsCreatedAndTheSecondDeleteFindsNothing() throws Exception {
        String location = upload("rows.csv", "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.rows").value(2))
                .andReturn().getResponse().getHeader("Location");
        mvc.perform(delete(location)).andExpect(status().isNoContent());
        mvc.perform(delete(location)).andExpect(status().isNotFound());
    }
}
