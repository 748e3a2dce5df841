package io.aeserve.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionScoresTest {

    static final ModelSpec VARIATIONAL = spec(Variant.VARIATIONAL);
    static final ModelSpec DENSE = spec(Variant.DENSE);

    static ModelSpec spec(Variant variant) {
        return SpecValidator.complete(new ModelSpec(variant, null, List.of(4), List.of(3), null, 2, null, null, null,
                null, null, null, null, null, null));
    }

    /** A forward result of random errors, 2-value codes and KL terms. */
    static ForwardResult result(int rows, long seed) {
        Random random = new Random(seed);
        float[] errors = new float[rows];
        float[] codes = new float[rows * 2];
        float[] kl = new float[rows];
        for (int i = 0; i < rows; i++) {
            errors[i] = random.nextFloat();
            kl[i] = random.nextFloat();
            codes[2 * i] = (float) random.nextGaussian();
            codes[2 * i + 1] = (float) random.nextGaussian();
        }
        return new ForwardResult(rows, Map.of(ForwardOutput.ERRORS, errors, ForwardOutput.CODES, codes,
                ForwardOutput.KL, kl));
    }

    static Map<String, ScoreArray> flat(Map<String, float[]> arrays) {
        Map<String, ScoreArray> stored = new LinkedHashMap<>();
        arrays.forEach((name, values) -> stored.put(name, ScoreArray.flat(values)));
        return stored;
    }

    @Test
    void fitsEveryScoreTheModelSupportsAndSortsTheirTrainingScores() {
        VersionScores scores = VersionScores.fit(VARIATIONAL, result(40, 1));
        assertThat(scores.names()).containsExactlyInAnyOrder("reconstruction", "latent", "combined", "knn", "elbo");
        float[] training = scores.training("elbo");
        for (int i = 1; i < training.length; i++) {
            assertThat(training[i]).isGreaterThanOrEqualTo(training[i - 1]);
        }
        assertThat(scores.arrays()).containsKeys("training-errors", "training-scores-latent",
                "training-scores-combined", "training-scores-knn", "training-scores-elbo", "latent-mean",
                "latent-precision", "latent-references");
    }

    @Test
    void scoresSurviveARoundTripThroughTheirArrays() {
        VersionScores fitted = VersionScores.fit(VARIATIONAL, result(40, 1));
        VersionScores.Restored restored = VersionScores.restore(VARIATIONAL, flat(fitted.arrays()), null, n -> n);
        assertThat(restored.problems()).isEmpty();
        ForwardResult probe = result(7, 2);
        for (String name : fitted.names()) {
            assertThat(restored.scores().score(name, probe)).as(name).isEqualTo(fitted.score(name, probe));
            assertThat(restored.scores().training(name)).isEqualTo(fitted.training(name));
        }
    }

    @Test
    void tooFewRowsLeaveOutTheScoresThatNeedMore() {
        assertThat(VersionScores.fit(DENSE, result(4, 3)).names())
                .containsExactlyInAnyOrder("reconstruction", "latent", "combined");
        assertThat(VersionScores.fit(DENSE, result(1, 3)).names()).containsExactly("reconstruction");
    }

    @Test
    void saysWhyAScoreIsMissing() {
        VersionScores dense = VersionScores.fit(DENSE, result(1, 3));
        assertThat(dense.missing("reconstruction", "v1")).isNull();
        assertThat(dense.missing("elbo", "v1")).isEqualTo("elbo needs a variational model");
        assertThat(dense.missing("structural", "v1")).startsWith("structural needs an image model");
        assertThat(dense.missing("knn", "v1")).startsWith("v1 has no training statistics for the knn score");
        assertThat(dense.missing("magic", "v1")).contains("not 'magic'").contains("reconstruction");
    }

    @Test
    void oldVersionsWithoutLatentStateServeTheOtherScores() {
        Map<String, float[]> arrays = new LinkedHashMap<>(VersionScores.fit(VARIATIONAL, result(40, 1)).arrays());
        arrays.remove("latent-mean");
        arrays.remove("latent-precision");
        VersionScores.Restored restored = VersionScores.restore(VARIATIONAL, flat(arrays), null, n -> n + ".f32");
        assertThat(restored.scores().names()).containsExactlyInAnyOrder("reconstruction", "elbo");
        assertThat(restored.problems()).anyMatch(p -> p.startsWith("training-scores-latent.f32 comes without"))
                .anyMatch(p -> p.startsWith("latent-references.f32 needs latent-mean.f32"));
    }

    @Test
    void theCatalogOrdersScoresAfterThoseTheyRequire() {
        List<String> names = ScoreCatalog.standard().names();
        assertThat(names).containsExactlyInAnyOrder("reconstruction", "latent", "combined", "knn", "structural",
                "elbo");
        assertThat(names.indexOf("combined")).isGreaterThan(names.indexOf("latent"))
                .isGreaterThan(names.indexOf("reconstruction"));
        assertThat(names.indexOf("knn")).isGreaterThan(names.indexOf("latent"));
    }
}
