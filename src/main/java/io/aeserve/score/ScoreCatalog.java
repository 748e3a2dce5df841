package io.aeserve.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every anomaly score there is: the implementations of {@link AnomalyScore} in this package, found on the class
 * path, in an order where each comes after those it {@linkplain AnomalyScore#requires requires}.
 */
public final class ScoreCatalog {

    /** The score used when a request names none. */
    public static final String DEFAULT_SCORE = "reconstruction";

    private static final ScoreCatalog STANDARD = new ScoreCatalog(discover());

    private final Map<String, AnomalyScore> scores;

    ScoreCatalog(List<AnomalyScore> scores) {
        this.scores = ordered(scores);
    }

    public static ScoreCatalog standard() {
        return STANDARD;
    }

    public List<AnomalyScore> all() {
        return List.copyOf(scores.values());
    }

    public Optional<AnomalyScore> find(String name) {
        return Optional.ofNullable(scores.get(name));
    }

    /** What one row scored by the named score weighs in flight; 1 for a name that is no score. */
    public int rowCost(String name) {
        return find(name).map(AnomalyScore::rowCost).orElse(1);
    }

    public List<String> names() {
        return List.copyOf(scores.keySet());
    }

    /** The name of the array holding a score's training rows' scores; reconstruction keeps its first name. */
    public static String trainingArray(String score) {
        return score.equals("reconstruction") ? "training-errors" : "training-scores-" + score;
    }

    /** Every array name a version's scores may store: training scores and state. */
    public List<String> arrayNames() {
        List<String> names = new ArrayList<>();
        for (AnomalyScore score : scores.values()) {
            names.add(trainingArray(score.name()));
            score.stateArrays().forEach(array -> names.add(array.name()));
        }
        return names;
    }

    private static List<AnomalyScore> discover() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(AnomalyScore.class));
        List<AnomalyScore> found = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(ScoreCatalog.class.getPackageName())) {
            try {
                found.add((AnomalyScore) Class.forName(candidate.getBeanClassName()).getDeclaredConstructor()
                        .newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create the score " + candidate.getBeanClassName(), e);
            }
        }
        return found;
    }

    /** Dependencies first; otherwise by name, so the order never depends on how the class path is scanned. */
    private static Map<String, AnomalyScore> ordered(List<AnomalyScore> scores) {
        Map<String, AnomalyScore> pending = new TreeMap<>();
        scores.forEach(score -> pending.put(score.name(), score));
        Map<String, AnomalyScore> ordered = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            AnomalyScore next = pending.values().stream()
                    .filter(score -> ordered.keySet().containsAll(score.requires()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("scores " + pending.keySet()
                            + " require scores that do not exist or require each other"));
            ordered.put(next.name(), next);
            pending.remove(next.name());
        }
        return ordered;
    }
}
