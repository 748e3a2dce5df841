package io.aeserve.registry;

import io.aeserve.schedule.Repeated;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Brings the registry up to date with other replicas' changes at a fixed interval, on a thread of its own: a
 * promotion, a new version or a deletion made elsewhere is served here within about one interval.
 */
final class RegistryRefresh implements SmartLifecycle {

    private final ModelRegistry registry;
    private final Duration interval;
    private Repeated rounds;

    RegistryRefresh(ModelRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        rounds = new Repeated("registry-refresh");
        rounds.every(interval, "look for registry changes", registry::refresh);
    }

    @Override
    public synchronized void stop() {
        if (rounds != null) {
            rounds.close();
            rounds = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return rounds != null;
    }
}
