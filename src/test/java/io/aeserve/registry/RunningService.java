package io.aeserve.registry;

import io.aeserve.AeserveApplication;
import io.aeserve.support.HttpJson;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service started on a data directory, to be stopped and started again like a real process. */
final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    final HttpJson http;

    RunningService(Path dataDir, String... properties) {
        String[] args = new String[properties.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--aeserve.data-dir=" + dataDir;
        System.arraycopy(properties, 0, args, 2, properties.length);
        context = new SpringApplicationBuilder(AeserveApplication.class).run(args);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        http = new HttpJson("http://localhost:" + port);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
