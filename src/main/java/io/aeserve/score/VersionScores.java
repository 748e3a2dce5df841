package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The anomaly scores one version has: for each, its scorer and the sorted scores of the training rows (for
 * thresholds and percentile ranks). Versions written before a score existed lack it. The state of all of them is
 * one map of named arrays, which stores write under those names.
 */
public final class VersionScores implements EarlierScores {

    private record Fitted(AnomalyScore score, float[] training, Scorer scorer) {}

    /** Restored scores, and what was wrong with the arrays of those that could not be restored. */
    public record Restored(VersionScores scores, List<String> problems) {}

    private final ModelSpec spec;
    private final ScoreCatalog catalog;
    private final Map<String, Fitted> fitted = new LinkedHashMap<>();
    private final Map<String, float[]> arrays = new LinkedHashMap<>();

    private VersionScores(ModelSpec spec, ScoreCatalog catalog) {
        this.spec = spec;
        this.catalog = catalog;
    }

    /** The outputs a forward pass over the training rows needs for {@link #fit}. */
    public static Set<ForwardOutput> fitNeeds(ModelSpec spec) {
        Set<ForwardOutput> needs = EnumSet.noneOf(ForwardOutput.class);
        for (AnomalyScore score : ScoreCatalog.standard().all()) {
            if (score.unsupported(spec) == null) {
                needs.addAll(score.needs());
            }
        }
        return needs;
    }

    /** Fits every score the model supports to the training rows' forward result. */
    public static VersionScores fit(ModelSpec spec, ForwardResult training) {
        ScoreCatalog catalog = ScoreCatalog.standard();
        Map<String, float[]> trainingScores = new LinkedHashMap<>();
        Map<String, float[]> state = new LinkedHashMap<>();
        EarlierScores earlier = new EarlierScores() {
            @Override
            public float[] training(String score) {
                return trainingScores.get(score);
            }

            @Override
            public float[] array(String name) {
                return state.get(name);
            }
        };
        for (AnomalyScore score : catalog.all()) {
            if (score.unsupported(spec) != null || !trainingScores.keySet().containsAll(score.requires())) {
                continue;
            }
            Optional<ScoreFit> fit = score.fit(spec, training, earlier);
            fit.ifPresent(f -> {
                trainingScores.put(score.name(), f.training());
                state.putAll(f.state());
            });
        }
        Map<String, ScoreArray> stored = new LinkedHashMap<>();
        trainingScores.forEach((name, values) -> {
            float[] sorted = values.clone();
            Arrays.sort(sorted);
            stored.put(ScoreCatalog.trainingArray(name), ScoreArray.flat(sorted));
        });
        state.forEach((name, values) -> stored.put(name, ScoreArray.flat(values)));
        Restored restored = restore(spec, stored, null, name -> name);
        if (!restored.problems().isEmpty()) {
            throw new IllegalStateException("freshly fitted scores do not restore: " + restored.problems());
        }
        return restored.scores();
    }

    /**
     * Rebuilds the scores from stored arrays. Scores whose arrays are missing or unusable are left out, each with
     * a problem naming its file.
     *
     * @param codeWidth the model's code width when the arrays come from outside and must be checked, else null
     * @param file the file an array name is stored in, for messages
     */
    public static Restored restore(ModelSpec spec, Map<String, ScoreArray> stored, Integer codeWidth,
            UnaryOperator<String> file) {
        VersionScores scores = new VersionScores(spec, ScoreCatalog.standard());
        List<String> problems = new ArrayList<>();
        for (AnomalyScore score : scores.catalog.all()) {
            scores.restoreOne(score, stored, codeWidth, file, problems);
        }
        return new Restored(scores, problems);
    }

    private void restoreOne(AnomalyScore score, Map<String, ScoreArray> stored, Integer codeWidth,
            UnaryOperator<String> file, List<String> problems) {
        String trainingName = ScoreCatalog.trainingArray(score.name());
        ScoreArray training = stored.get(trainingName);
        if (training == null) {
            if (score.required()) {
                problems.add(file.apply(trainingName) + " is missing; anomaly thresholds need it");
            }
            return;
        }
        String unsupported = score.unsupported(spec);
        if (unsupported != null) {
            problems.add(file.apply(trainingName) + " is for the " + score.name() + " score, which needs "
                    + unsupported);
            return;
        }
        if (training.values().length == 0) {
            problems.add(file.apply(trainingName) + " is empty; thresholds need the training scores");
            return;
        }
        String owner = score.stateArrays().isEmpty() ? trainingName : score.stateArrays().get(0).name();
        for (String required : score.requires()) {
            if (!fitted.containsKey(required)) {
                problems.add(file.apply(owner) + " needs " + lacking(required, stored, file));
                return;
            }
        }
        List<String> missing = score.stateArrays().stream().map(StateArray::name)
                .filter(name -> !stored.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            String all = files(score.stateArrays().stream().map(StateArray::name).toList(), file);
            if (missing.size() == score.stateArrays().size()) {
                problems.add(file.apply(trainingName) + " comes without the statistics that compute the score: " + all);
            } else {
                missing.forEach(name -> problems.add(file.apply(name) + " is missing; the " + score.name()
                        + " score needs " + all));
            }
            return;
        }
        if (codeWidth != null) {
            for (StateArray array : score.stateArrays()) {
                List<Integer> shape = stored.get(array.name()).shape();
                if (shape != null && !array.layout().fits(shape, codeWidth)) {
                    problems.add(file.apply(array.name()) + " has shape " + shape + "; the model's codes have "
                            + codeWidth + " values, so it must be " + array.layout().describe(codeWidth));
                    return;
                }
            }
        }
        List<String> found = new ArrayList<>();
        Scorer scorer = score.scorer(spec, new StoredState() {
            @Override
            public float[] array(String name) {
                return stored.get(name).values();
            }

            @Override
            public Integer codeWidth() {
                return codeWidth;
            }

            @Override
            public String file(String array) {
                return file.apply(array);
            }

            @Override
            public void problem(String array, String message) {
                found.add(file.apply(array) + " " + message);
            }
        }, this);
        if (scorer == null) {
            problems.addAll(found);
            return;
        }
        float[] sorted = training.values().clone();
        Arrays.sort(sorted);
        fitted.put(score.name(), new Fitted(score, sorted, scorer));
        arrays.put(trainingName, sorted);
        score.stateArrays().forEach(array -> arrays.put(array.name(), stored.get(array.name()).values()));
    }

    /** What an unrestored score lacks: its training scores, or else its state. */
    private String lacking(String score, Map<String, ScoreArray> stored, UnaryOperator<String> file) {
        String trainingName = ScoreCatalog.trainingArray(score);
        if (!stored.containsKey(trainingName)) {
            return file.apply(trainingName);
        }
        List<String> state = catalog.find(score).orElseThrow().stateArrays().stream().map(StateArray::name).toList();
        return state.isEmpty() ? file.apply(trainingName) : files(state, file);
    }

    private static String files(List<String> names, UnaryOperator<String> file) {
        return names.stream().map(file).collect(Collectors.joining(" and "));
    }

    public boolean has(String score) {
        return fitted.containsKey(score);
    }

    /** The names of the scores this version has. */
    public Set<String> names() {
        return fitted.keySet();
    }

    /** The training rows' scores, sorted. */
    @Override
    public float[] training(String score) {
        Fitted f = fitted.get(score);
        return f != null ? f.training() : null;
    }

    @Override
    public float[] array(String name) {
        return arrays.get(name);
    }

    /** Every array of this version's score state, training scores included, by name. */
    public Map<String, float[]> arrays() {
        return java.util.Collections.unmodifiableMap(arrays);
    }

    /** The shape of one of {@link #arrays()}, for stores that keep shapes. */
    public List<Integer> shape(String array, int codeWidth) {
        float[] values = arrays.get(array);
        for (AnomalyScore score : catalog.all()) {
            for (StateArray state : score.stateArrays()) {
                if (state.name().equals(array)) {
                    return state.layout().shape(values.length, codeWidth);
                }
            }
        }
        return List.of(values.length);
    }

    /** Each row's score; the version must {@linkplain #has have} it. */
    public float[] score(String score, ForwardResult result) {
        return fitted.get(score).scorer().score(result);
    }

    /** The forward outputs a score needs; the score must exist. */
    public Set<ForwardOutput> needs(String score) {
        return catalog.find(score).orElseThrow().needs();
    }

    /**
     * Why this version cannot give a score, or null when it can.
     *
     * @param version how messages name the version, as in "version 3 of 'fraud'"
     */
    public String missing(String score, String version) {
        Optional<AnomalyScore> known = catalog.find(score);
        if (known.isEmpty()) {
            return "must be " + String.join(", ", catalog.names()) + "; not '" + score + "'";
        }
        String unsupported = known.get().unsupported(spec);
        if (unsupported != null) {
            return score + " needs " + unsupported;
        }
        return has(score) ? null : version + " has no training statistics for the " + score + " score (versions"
                + " written before it existed, or whose training rows did not allow it); train a new version or use "
                + ScoreCatalog.DEFAULT_SCORE;
    }
}
