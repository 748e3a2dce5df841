package io.aeserve.storage.s3;

import io.aeserve.storage.StoreProperties;
import io.aeserve.storage.BlobStore;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The blob store in an S3 bucket, with {@code aeserve.store.type=s3}. Start-up fails unless the bucket can be
 * used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "aeserve.store.type", havingValue = "s3")
@EnableConfigurationProperties(StoreProperties.class)
class S3StoreConfiguration {

    /** The SDK's default chain; a bean so that what it holds (a web identity client, say) is closed at shutdown. */
    @Bean
    DefaultCredentialsProvider s3CredentialsProvider() {
        return DefaultCredentialsProvider.builder().build();
    }

    @Bean
    S3Client s3Client(StoreProperties properties, DefaultCredentialsProvider credentials) {
        StoreProperties.S3 s3 = properties.s3();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(credentials)
                .region(region(s3))
                .forcePathStyle(s3.pathStyleAccess());
        if (s3.endpoint() != null) {
            // servers other than AWS do not all take the checksums the SDK sends by default after each payload
            builder.endpointOverride(s3.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @Bean
    BlobStore s3BlobStore(S3Client client, StoreProperties properties) {
        StoreProperties.S3 s3 = properties.s3();
        S3BlobStore store = new S3BlobStore(client, s3.bucket(), s3.prefix(),
                Math.toIntExact(s3.partSize().toBytes()), s3.leftoverGrace());
        try {
            store.checkReachable();
        } catch (IOException e) {
            throw new IllegalStateException("The blob store " + store.location() + " cannot be used: "
                    + e.getMessage(), e);
        }
        return store;
    }

    private static Region region(StoreProperties.S3 s3) {
        if (s3.region() != null && !s3.region().isBlank()) {
            return Region.of(s3.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (s3.endpoint() != null) {
                // servers other than AWS mostly ignore the region, but requests are signed with one
                return Region.US_EAST_1;
            }
            throw new IllegalStateException(
                    "No AWS region for the bucket: set aeserve.store.s3.region or AWS_REGION", e);
        }
    }
}
