package io.aeserve.training;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this replica does.
 *
 * @param role {@code all} (the default), {@code serve} or {@code train}; the last two need a database
 */
@ConfigurationProperties("aeserve")
public record ReplicaProperties(@DefaultValue("all") Role role) {}
