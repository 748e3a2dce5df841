package io.aeserve.engine;

import ai.djl.pytorch.jni.LibUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Loads the engine's native libraries on a background thread while the application context is built, so that
 * {@link EngineRuntime} finds them loaded instead of waiting for them. It starts once logging is configured, and
 * loads only the libraries, offline: the engine itself, with its configured threads and device, is still created
 * by {@link EngineRuntime}, which also reports any failure to load.
 */
public final class EngineLibraryPreload implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(EngineLibraryPreload.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Thread loader = new Thread(EngineLibraryPreload::load, "engine-library-preload");
        loader.setDaemon(true);
        loader.start();
    }

    private static void load() {
        System.setProperty("ai.djl.offline", "true");
        try {
            LibUtils.loadLibrary();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Preloading the engine's libraries failed; the engine loads them itself", e);
        }
    }
}
