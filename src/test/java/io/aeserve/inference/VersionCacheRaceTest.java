package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.NotFoundException;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.registry.StoredVersion;
import io.aeserve.registry.VersionManifest;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import io.aeserve.support.SyntheticData;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Loads that overlap the removal of versions never leave removed weights in the cache. */
class VersionCacheRaceTest {

    static ModelSpec spec;
    static TrainedModel trained;

    @BeforeAll
    static void train() {
        spec = SpecValidator.complete(Specs.dense(8).hidden(6).latent(2).build());
        trained = new TrainingLoop(Engines.cpu()).train(spec, SyntheticData.lowRank(60, 8, 2, 3),
                new TrainingSettings(1, 32, OptimizerKind.ADAM, 0.01, 0.9, 0, 0, 0, 0, 1L), null, (r, e) -> { },
                () -> false);
    }

    static StoredVersion stored(int version) {
        // scores of its own per stored version, to tell which one the cache serves
        return new StoredVersion(new VersionManifest("m", version, Instant.now(), null, null, Map.of(), Map.of(),
                Map.of()), spec, trained.parameters(), trained.normalization(), List.of(),
                io.aeserve.score.VersionScores.restore(spec, trained.scores().arrays().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> io.aeserve.score.ScoreArray.flat(e.getValue()))), null, name -> name).scores());
    }

    static VersionCache cache(VersionCache.Loader loader) {
        return new VersionCache(loader, Engines.cpu(), new InferenceProperties.Cache(4, DataSize.ofMegabytes(64)),
                null);
    }

    @Test
    void aModelDeletedWhileItsVersionLoadsIsNotServedFromTheCache() {
        StoredVersion old = stored(1);
        StoredVersion recreated = stored(1);
        AtomicInteger loads = new AtomicInteger();
        VersionCache[] cache = new VersionCache[1];
        cache[0] = cache((model, version) -> {
            if (loads.incrementAndGet() == 1) {
                // the model is deleted (and made again) after its files were read, before the load ends
                cache[0].evict("m", null);
                return old;
            }
            return recreated;
        });
        try (VersionCache.Lease lease = cache[0].lease("m", 1)) {
            assertThat(lease.served().scores()).isSameAs(recreated.scores());
        }
        assertThat(loads.get()).isEqualTo(2);
        try (VersionCache.Lease lease = cache[0].lease("m", 1)) {
            assertThat(lease.served().scores()).isSameAs(recreated.scores());
        }
        assertThat(cache[0].loaded()).containsExactly(new VersionCache.Key("m", 1));
        cache[0].close();
    }

    @Test
    void aVersionDeletedWhileItLoadsIsNotFound() {
        AtomicInteger loads = new AtomicInteger();
        VersionCache[] cache = new VersionCache[1];
        cache[0] = cache((model, version) -> {
            if (loads.incrementAndGet() == 1) {
                cache[0].evict("m", 1);
                return stored(1);
            }
            throw new NotFoundException("version", "m/1");
        });
        assertThatThrownBy(() -> cache[0].lease("m", 1)).isInstanceOf(NotFoundException.class);
        assertThat(cache[0].loaded()).isEmpty();
        cache[0].close();
    }
}
