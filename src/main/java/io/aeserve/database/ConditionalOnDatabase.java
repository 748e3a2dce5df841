package io.aeserve.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code spring.datasource.url} is set (environment variable {@code SPRING_DATASOURCE_URL}): then the
 * service keeps what replicas share in that PostgreSQL database, and Boot configures its DataSource, Flyway,
 * JdbcTemplate and transactions. Without it, none of these exist and the service keeps everything in its data
 * directory.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnDatabaseCondition.class)
public @interface ConditionalOnDatabase {}
