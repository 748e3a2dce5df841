package io.aeserve.registry;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.aeserve.storage.BlobStore;
import io.aeserve.storage.FolderBlobStore;
import io.aeserve.storage.StorageQuota;
import io.aeserve.support.TempDirs;
import io.aeserve.web.LimitsProperties;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Creating models over HTTP, with the real registry on a temporary folder: what is refused, with which field, and
 * what a taken name gets. Security has tests of its own.
 */
@WebMvcTest(ModelController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({RegistryConfiguration.class, ModelControllerTest.Storage.class})
@TestPropertySource(properties = "aeserve.limits.max-parameters=100000")
class ModelControllerTest {

    static final String INVALID = "urn:aeserve:problem:invalid-request";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LimitsProperties.class)
    static class Storage {

        @Bean
        BlobStore blobStore() {
            return new FolderBlobStore(TempDirs.create("model-controller"));
        }

        @Bean
        StorageQuota storageQuota(BlobStore store) {
            return new StorageQuota(store, 1L << 30);
        }
    }

    /** Archives are read and written with the engine; creating a model never touches them. */
    @MockitoBean
    ModelArchive archive;

    @Autowired
    MockMvc mvc;

    private ResultActions create(String name, String spec) throws Exception {
        return createBody("{\"name\": \"" + name + "\", \"spec\": " + spec + "}");
    }

    private ResultActions createBody(String json) throws Exception {
        return mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static final String DENSE = "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [8],"
            + " \"latentDim\": 3}";

    private ResultActions refusedNaming(ResultActions result, String field) throws Exception {
        return result.andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(INVALID))
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.hasItem(field)));
    }

    @Test
    void aValidSpecIsCreatedWithItsDefaultsFilledInAndATakenNameIsAConflict() throws Exception {
        create("payments", DENSE)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/models/payments"))
                .andExpect(jsonPath("$.name").value("payments"))
                .andExpect(jsonPath("$.spec.architecture").value("dense"))
                .andExpect(jsonPath("$.spec.decoderLayers").value(Matchers.contains(8)))
                .andExpect(jsonPath("$.spec.normalization").value("minmax"))
                .andExpect(jsonPath("$.versions").isEmpty());
        mvc.perform(get("/api/v1/models/payments"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.spec.latentDim").value(3));
        create("payments", DENSE)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:conflict"));
    }

    @Test
    void badSpecsAre400ProblemsNamingTheSpecField() throws Exception {
        refusedNaming(create("too-wide", "{\"variant\": \"dense\", \"inputShape\": [16], \"latentDim\": 16}"),
                "spec.latentDim");
        refusedNaming(create("no-variant", "{\"inputShape\": [16], \"latentDim\": 3}"), "spec.variant");
        refusedNaming(create("negative", "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [8, -1],"
                + " \"latentDim\": 3}"), "spec.hiddenLayers[1]");
        refusedNaming(create("bce", "{\"variant\": \"dense\", \"inputShape\": [16], \"latentDim\": 3,"
                + " \"outputActivation\": \"linear\", \"loss\": \"bce\"}"), "spec.loss")
                .andExpect(jsonPath("$.errors.length()").value(1));
        refusedNaming(create("odd", "{\"variant\": \"convolutional\", \"inputShape\": [1, 30, 28],"
                + " \"hiddenLayers\": [8, 8]}"), "spec.hiddenLayers");
        mvc.perform(get("/api/v1/models/too-wide")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:not-found"));
    }

    @Test
    void unreadableSpecValuesAndUnknownFieldsAreNamedByTheirPath() throws Exception {
        refusedNaming(create("deep", "{\"variant\": \"deep\", \"inputShape\": [16], \"latentDim\": 3}"),
                "spec.variant");
        refusedNaming(create("typo", "{\"variant\": \"dense\", \"inputShape\": [16], \"latent\": 3}"), "spec.latent");
        refusedNaming(create("text", "{\"variant\": \"dense\", \"inputShape\": [\"sixteen\"], \"latentDim\": 3}"),
                "spec.inputShape[0]");
        createBody("{\"name\": \"broken\", \"spec\": ")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:aeserve:problem:malformed-body"));
    }

    @Test
    void aModelBeyondTheParameterLimitIsRefusedNamingTheProperty() throws Exception {
        // 16 -> 1000 -> 3 -> 1000 -> 16: 17000 + 3003 + 4000 + 16016 = 40019 parameters fit in 100000
        create("fits", "{\"variant\": \"dense\", \"inputShape\": [16], \"hiddenLayers\": [1000], \"latentDim\": 3}")
                .andExpect(status().isCreated());
        // 1000 -> 100 -> 3 -> 100 -> 1000: 100100 + 303 + 400 + 101000 = 201803 do not
        refusedNaming(create("huge", "{\"variant\": \"dense\", \"inputShape\": [1000], \"hiddenLayers\": [100],"
                + " \"latentDim\": 3}"), "spec")
                .andExpect(jsonPath("$.detail").value(Matchers.allOf(Matchers.containsString("201803"),
                        Matchers.containsString("aeserve.limits.max-parameters"))));
    }

    @Test
    void namesAreOneTo64LettersDigitsDotsUnderscoresOrDashesStartingWithALetterOrDigit() throws Exception {
        for (String bad : new String[] {"-leading-dash", ".hidden", "has space", "a/b", "ünïcode", "x".repeat(65)}) {
            refusedNaming(create(bad, DENSE), "name");
        }
        refusedNaming(create("", DENSE), "name");
        refusedNaming(createBody("{\"spec\": " + DENSE + "}"), "name");
        for (String good : new String[] {"a", "9lives", "fmnist_v2.1-b", "x".repeat(64)}) {
            create(good, DENSE).andExpect(status().isCreated());
        }
    }

    @Test
    void aMissingSpecAndAnOverlongDescriptionAreNamed() throws Exception {
        refusedNaming(createBody("{\"name\": \"nospec\"}"), "spec");
        refusedNaming(createBody("{\"name\": \"long\", \"description\": \"" + "d".repeat(2001) + "\", \"spec\": "
                + DENSE + "}"), "description");
        create("described", DENSE).andExpect(status().isCreated());
        mvc.perform(patch("/api/v1/models/described").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"description\": \"" + "d".repeat(2001) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("description"));
        mvc.perform(patch("/api/v1/models/described").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"description\": \"Unusual payments\", \"tags\": {\"team\": \"risk\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.description").value("Unusual payments"))
                .andExpect(jsonPath("$.tags.team").value("risk"));
    }
}
