package io.aeserve.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service keeps what it stores.
 *
 * @param dataDir the folder holding models, versions and datasets; created at start-up when missing
 */
@ConfigurationProperties("aeserve")
public record StorageProperties(@DefaultValue("./data") Path dataDir) {}
