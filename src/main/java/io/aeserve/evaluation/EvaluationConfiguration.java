package io.aeserve.evaluation;

import io.aeserve.data.DatasetService;
import io.aeserve.inference.InferenceService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Evaluating versions against labelled datasets. */
@Configuration(proxyBeanMethods = false)
class EvaluationConfiguration {

    @Bean
    EvaluationService evaluationService(InferenceService inference, DatasetService datasets,
            EvaluationProperties properties) {
        return new EvaluationService(inference, datasets, properties);
    }

    @Bean(destroyMethod = "close")
    EvaluationJobs evaluationJobs(EvaluationService evaluation) {
        return new EvaluationJobs(evaluation);
    }
}
