package io.aeserve.training;

import io.aeserve.data.DatasetService;
import io.aeserve.database.ConditionalOnDatabase;
import io.aeserve.database.ConditionalOnNoDatabase;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.web.LimitsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.aeserve.storage.StoredJson;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The training loop, the job board that runs it, the service that accepts jobs and the streams that follow them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaProperties.class)
class TrainingConfiguration {

    /** How long one event stream may stay open. */
    private static final Duration EVENT_STREAM_TIMEOUT = Duration.ofHours(6);

    @Bean
    TrainingLoop trainingLoop(EngineRuntime runtime) {
        return new TrainingLoop(runtime);
    }

    @Bean
    TrainingMetrics trainingMetrics(MeterRegistry meters) {
        return new TrainingMetrics(meters);
    }

    @Bean
    JobRunner jobRunner(ModelRegistry registry, DatasetService datasets, TrainingLoop loop,
            SpecValidator specValidator, LimitsProperties limits, TrainingMetrics metrics) {
        return new JobRunner(registry, datasets, loop, specValidator, limits, metrics);
    }

    /** Without a database, jobs live in this replica's memory and run here. */
    @Bean
    @ConditionalOnNoDatabase
    JobBoard localJobBoard(JobRunner runner, TrainingProperties properties, ReplicaProperties replica,
            TrainingMetrics metrics) {
        Role.requireAllWithoutDatabase(replica.role());
        LocalJobBoard board = new LocalJobBoard(runner, properties);
        metrics.countJobs(board::countInState);
        return board;
    }

    /** With a database, any replica accepts jobs, trainers claim them, and every replica sees them. */
    @Bean
    @ConditionalOnDatabase
    DatabaseJobBoard databaseJobBoard(DataSource dataSource, JsonMapper mapper, JobRunner runner,
            DatasetService datasets, TrainingProperties properties, ReplicaProperties replica,
            TrainingMetrics metrics) {
        DatabaseJobBoard board = new DatabaseJobBoard(dataSource,
                new JdbcJobRecords(dataSource, StoredJson.mapper(mapper)), runner, datasets, properties,
                replica.role());
        metrics.countJobs(board::countInState);
        return board;
    }

    @Bean
    TrainingJobService trainingJobService(ModelRegistry registry, JobRunner runner, JobBoard board,
            LimitsProperties limits) {
        return new TrainingJobService(registry, runner, board, limits);
    }

    /** What this replica does and where its jobs live, in {@code /actuator/info}. */
    @Bean
    InfoContributor replicaInfoContributor(ReplicaProperties replica, JobBoard board) {
        return builder -> builder.withDetail("replica", Map.of("role", replica.role().name().toLowerCase(),
                "jobs", board instanceof DatabaseJobBoard ? "database" : "memory"));
    }

    @Bean
    JobEventStreams jobEventStreams(TrainingJobService jobs, LimitsProperties limits) {
        return new JobEventStreams(jobs, limits.maxSubscribersPerJob(), EVENT_STREAM_TIMEOUT.toMillis());
    }
}
