package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.aeserve.error.ConflictException;
import io.aeserve.error.NotFoundException;
import io.aeserve.registry.RegistryMetadata.Snapshot;
import io.aeserve.storage.StoredJson;
import io.aeserve.support.TestPostgres;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** The registry's metadata in a real PostgreSQL; a second store on its own connection pool is a second replica. */
class JdbcRegistryMetadataTest extends RegistryMetadataContract {

    private static final JsonMapper MAPPER = StoredJson.mapper(JsonMapper.builder().build());

    private final List<HikariDataSource> pools = new ArrayList<>();
    private TestPostgres.Database database;

    @Override
    RegistryMetadata emptyStore() {
        database = TestPostgres.newDatabase();
        Flyway.configure().dataSource(database.url(), database.username(), database.password()).load().migrate();
        return replica();
    }

    @Override
    RegistryMetadata reopen(RegistryMetadata store) {
        return replica();
    }

    /** A store on a connection pool of its own, as another replica, or this one after a restart, has. */
    private RegistryMetadata replica() {
        HikariDataSource pool = database.dataSource();
        pools.add(pool);
        return new JdbcRegistryMetadata(new NamedParameterJdbcTemplate(pool), new DataSourceTransactionManager(pool),
                MAPPER);
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void replicasAllocatingAtOnceNeverGetTheSameNumber() throws Exception {
        store.createModel(record("m"));
        List<RegistryMetadata> replicas = List.of(store, replica());
        int threadsPerReplica = 4;
        int allocationsPerThread = 25;
        Queue<Integer> allocated = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> threads = new ArrayList<>();
        for (RegistryMetadata replica : replicas) {
            for (int i = 0; i < threadsPerReplica; i++) {
                threads.add(() -> {
                    for (int j = 0; j < allocationsPerThread; j++) {
                        allocated.add(replica.allocateVersion("m"));
                    }
                    return null;
                });
            }
        }
        runAtOnce(threads);
        int total = replicas.size() * threadsPerReplica * allocationsPerThread;
        assertThat(new HashSet<>(allocated)).hasSize(total)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(only(store.read()).highestVersion()).isEqualTo(total);
    }

    @Test
    void replicasCreatingOneNameAtOnceMakeOneModel() throws Exception {
        List<RegistryMetadata> replicas = List.of(store, replica());
        int names = 20;
        Queue<String> created = new ConcurrentLinkedQueue<>();
        Queue<Throwable> refused = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> threads = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
            RegistryMetadata replica = replicas.get(r);
            String description = "created by replica " + r;
            threads.add(() -> {
                for (int i = 0; i < names; i++) {
                    try {
                        replica.createModel(new ModelRecord("m" + i, description, Map.of(), SPEC, CREATED));
                        created.add("m" + i + ": " + description);
                    } catch (RuntimeException e) {
                        refused.add(e);
                    }
                }
                return null;
            });
        }
        runAtOnce(threads);
        assertThat(created).hasSize(names);
        assertThat(refused).hasSize(names).allSatisfy(e -> assertThat(e).isInstanceOf(ConflictException.class));
        // each model is the one its winner wrote
        assertThat(store.read().models()).extracting(model -> model.record().name() + ": "
                + model.record().description()).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void anotherReplicaSeesAChangeWithItsRevision() {
        RegistryMetadata other = replica();
        long seen = other.revision();
        store.createModel(record("m"));
        assertThat(other.revision()).isNotEqualTo(seen);
        assertThat(only(other.read()).record()).isEqualTo(record("m"));
    }

    @Test
    void missingModelsAndVersionsAreNotFound() {
        assertThatThrownBy(() -> store.allocateVersion("missing")).isInstanceOf(NotFoundException.class)
                .hasMessage("model 'missing' does not exist");
        assertThatThrownBy(() -> store.addVersion(manifest("missing", 1))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.updateModel(record("missing"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.setServing("missing", null)).isInstanceOf(NotFoundException.class);
        store.createModel(record("m"));
        assertThatThrownBy(() -> store.setServing("m", 9)).isInstanceOf(NotFoundException.class)
                .hasMessage("version 'm/9' does not exist");
        assertThat(only(store.read()).servingVersion()).isNull();
    }

    @Test
    void aVersionAddedTwiceIsAConflict() {
        store.createModel(record("m"));
        store.addVersion(manifest("m", 1));
        assertThatThrownBy(() -> store.addVersion(manifest("m", 1))).isInstanceOf(ConflictException.class)
                .hasMessage("version 1 of model 'm' already exists");
        assertThat(only(store.read()).versions()).containsExactly(manifest("m", 1));
    }

    @Test
    void rowsThatCannotBeReadAreReportedAndTheRestIsRead() {
        store.createModel(record("good"));
        store.addVersion(manifest("good", 1));
        store.addVersion(manifest("good", 2));
        JdbcTemplate sql = new JdbcTemplate(pools.get(0));
        sql.update("INSERT INTO models (name, spec, created_at) VALUES ('bad-spec', '\"not a spec\"', ?)",
                CREATED.toString());
        sql.update("INSERT INTO models (name, spec, created_at) VALUES ('bad-time', '{}', 'yesterday')");
        sql.update("UPDATE versions SET checksums = '[1, 2]' WHERE model = 'good' AND version = 2");
        Snapshot snapshot = store.read();
        assertThat(snapshot.models()).extracting(model -> model.record().name()).containsExactly("good");
        assertThat(snapshot.models().get(0).versions()).containsExactly(manifest("good", 1));
        assertThat(snapshot.problems()).hasSize(3).anySatisfy(p -> assertThat(p).startsWith("model bad-spec "))
                .anySatisfy(p -> assertThat(p).startsWith("model bad-time "))
                .anySatisfy(p -> assertThat(p).startsWith("good version 2 is skipped"));
    }

    /** Starts every task at the same moment and waits for all of them, failing on the first failure. */
    private static void runAtOnce(List<Callable<Void>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
