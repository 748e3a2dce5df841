package io.aeserve.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Brings the registry up to date with other replicas' changes at a fixed interval, on a thread of its own: a
 * promotion, a new version or a deletion made elsewhere is served here within about one interval.
 */
final class RegistryRefresh implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistryRefresh.class);

    private final ModelRegistry registry;
    private final Duration interval;
    private ScheduledExecutorService timer;

    RegistryRefresh(ModelRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            registry.refresh();
        } catch (RuntimeException e) {
            // the store may be away for a moment; the next look tries again
            log.warn("Could not look for registry changes: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
