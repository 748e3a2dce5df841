package io.aeserve;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Autoencoders as a service: define, train, version and serve autoencoder models over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AeserveApplication {

    public static void main(String[] args) {
        SpringApplication.run(AeserveApplication.class, args);
    }
}
