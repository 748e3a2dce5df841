package io.aeserve.training;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aeserve.data.DatasetProperties;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.ModelRecord;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.FolderBlobStore;
import io.aeserve.storage.StorageQuota;
import io.aeserve.support.Specs;
import io.aeserve.support.TempDirs;
import io.aeserve.web.LimitsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Train requests and job look-ups over HTTP, with the real job service, registry and datasets on a temporary
 * folder; only the engine is a stand-in, so nothing here trains. What is refused, and which field is named.
 * Security has tests of its own.
 */
@WebMvcTest(controllers = {TrainingController.class, JobController.class}, includeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = "io\\.aeserve\\.(registry\\.Registry|data\\.Dataset|training\\.Training)"
                + "Configuration"))
@AutoConfigureMockMvc(addFilters = false)
@Import(TrainingControllerTest.Storage.class)
@TestPropertySource(properties = "aeserve.limits.max-epochs=50")
class TrainingControllerTest {

    static final String INVALID = "urn:aeserve:problem:invalid-request";
    static final String ROWS = "[[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]]";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({LimitsProperties.class, TrainingProperties.class, DatasetProperties.class})
    static class Storage {

        @Bean
        BlobStore blobStore() {
            return new FolderBlobStore(TempDirs.create("training-controller"));
        }

        @Bean
        StorageQuota storageQuota(BlobStore store) {
            return new StorageQuota(store, 1L << 30);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @MockitoBean
    EngineRuntime engine;

    @Autowired
    MockMvc mvc;

    @Autowired
    ModelRegistry registry;

    @BeforeEach
    void aModelOfFourInputs() {
        if (registry.find("four").isEmpty()) {
            registry.create(new ModelRecord("four", null, Map.of(),
                    SpecValidator.complete(Specs.dense(4).latent(2).build()), Instant.now()));
        }
    }

    private ResultActions train(String json) throws Exception {
        return mvc.perform(post("/api/v1/models/four/train").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions refusedNaming(String json, String field) throws Exception {
        return train(json)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.hasItem(field)));
    }

    @Test
    void epochsAreAtLeastOneAndAtMostTheConfiguredLimit() throws Exception {
        refusedNaming("{\"data\": " + ROWS + ", \"epochs\": 0}", "epochs");
        refusedNaming("{\"data\": " + ROWS + ", \"epochs\": 51}", "epochs")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("aeserve.limits.max-epochs")));
    }

    @Test
    void batchSizesAreOneTo65536() throws Exception {
        refusedNaming("{\"data\": " + ROWS + ", \"batchSize\": 0}", "batchSize");
        refusedNaming("{\"data\": " + ROWS + ", \"batchSize\": 65537}", "batchSize");
    }

    @Test
    void exactlyOneOfDatasetAndDataIsGiven() throws Exception {
        refusedNaming("{\"dataset\": \"fashion-mnist\", \"data\": " + ROWS + "}", "dataset")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("exactly one")));
        refusedNaming("{\"epochs\": 1}", "dataset");
        refusedNaming("{\"dataset\": \" \"}", "dataset");
        refusedNaming("{\"data\": []}", "data");
    }

    @Test
    void unknownFieldsAndOutOfRangeSettingsAreNamed() throws Exception {
        refusedNaming("{\"data\": " + ROWS + ", \"epoch\": 3}", "epoch");
        refusedNaming("{\"data\": " + ROWS + ", \"earlyStopping\": {\"patience\": 2, \"delta\": 0.1}}",
                "earlyStopping.delta");
        refusedNaming("{\"data\": " + ROWS + ", \"earlyStopping\": {\"patience\": 0}}", "earlyStopping.patience");
        refusedNaming("{\"data\": " + ROWS + ", \"validationSplit\": 0.6}", "validationSplit");
        refusedNaming("{\"data\": " + ROWS + ", \"learningRate\": 0}", "learningRate");
        refusedNaming("{\"data\": " + ROWS + ", \"optimizer\": \"lbfgs\"}", "optimizer");
        refusedNaming("{\"data\": [[0, 1, 2]]}", "dataset")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("the model takes [4]")));
    }

    @Test
    void aValidRequestIsAcceptedAsAJobThatCanBeLookedUp() throws Exception {
        String location = train("{\"data\": " + ROWS + ", \"epochs\": 1, \"batchSize\": 2}")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", Matchers.startsWith("/api/v1/jobs/job-")))
                .andExpect(jsonPath("$.model").value("four"))
                .andReturn().getResponse().getHeader("Location");
        mvc.perform(get(location))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model").value("four"));
        mvc.perform(get("/api/v1/jobs").param("model", "four"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(Matchers.hasItem(location.replace("/api/v1/jobs/", ""))));
        mvc.perform(get("/api/v1/jobs").param("model", "nobody"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$").isEmpty());
        mvc.perform(post("/api/v1/models/nobody/train").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"data\": " + ROWS + "}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void unknownJobsAreNotFound() throws Exception {
        mvc.perform(get("/api/v1/jobs/job-0000")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:not-found"));
        mvc.perform(post("/api/v1/jobs/job-0000/cancel")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/jobs/job-0000/events")).andExpect(status().isNotFound());
    }
}
