package io.aeserve.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

class JsonConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
            .withUserConfiguration(JsonConfiguration.class);

    @Test
    void theApplicationsMapperWritesFloatArraysInOnePieceAndReadsThemBack() {
        context.run(beans -> {
            JsonMapper mapper = beans.getBean(JsonMapper.class);
            assertThat(mapper.registeredModules()).extracting(JacksonModule::getModuleName)
                    .contains("aeserve-float-arrays");
            float[][] rows = {{0.1f, 1f / 3, -2.5e-8f}, {1e7f, 0f, 123.456f}};

            String written = mapper.writeValueAsString(rows);

            assertThat(written).isEqualTo("[[0.1,0.33333334,-2.5E-8],[1.0E7,0.0,123.456]]");
            assertThat(mapper.readValue(written, float[][].class)).isDeepEqualTo(rows);
        });
    }
}
