package io.aeserve.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aeserve.storage.BlobStore;
import io.aeserve.support.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code aeserve.store.*} makes an S3 blob store on a bucket that can be used, or start-up fails saying why. */
@Tag("slow")
class S3StoreConfigurationTest {

    private static S3TestServer server;
    private static String bucket;

    @TempDir
    static Path noAwsFiles;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start();
        bucket = server.createBucket();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The SDK's default chains find the server's credentials and nothing from this machine or its network. */
    private ApplicationContextRunner runner(String secretKey) {
        return new ApplicationContextRunner()
                .withUserConfiguration(S3StoreConfiguration.class)
                .withSystemProperties(
                        "aws.accessKeyId=" + S3TestServer.ACCESS_KEY,
                        "aws.secretAccessKey=" + secretKey,
                        "aws.configFile=" + noAwsFiles.resolve("config"),
                        "aws.sharedCredentialsFile=" + noAwsFiles.resolve("credentials"),
                        "aws.disableEc2Metadata=true")
                .withPropertyValues(
                        "aeserve.store.type=s3",
                        "aeserve.store.s3.endpoint=" + server.endpoint(),
                        "aeserve.store.s3.path-style-access=true");
    }

    private ApplicationContextRunner runner() {
        return runner(S3TestServer.SECRET_KEY);
    }

    @Test
    void theS3TypeMakesAStoreInTheBucketUnderThePrefix() {
        runner().withPropertyValues(
                        "aeserve.store.s3.bucket=" + bucket,
                        "aeserve.store.s3.prefix=/aeserve/test/",
                        "aeserve.store.s3.region=eu-west-3")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BlobStore.class);
                    BlobStore store = context.getBean(BlobStore.class);
                    assertThat(store).isInstanceOf(S3BlobStore.class);
                    assertThat(store.location()).isEqualTo("s3://" + bucket + "/aeserve/test");
                    assertThat(context.getBean(S3Client.class).serviceClientConfiguration().region())
                            .isEqualTo(Region.EU_WEST_3);

                    store.put("models/fraud/model.json", "{}".getBytes(StandardCharsets.UTF_8));
                    assertThat(server.client().getObjectAsBytes(request -> request.bucket(bucket)
                            .key("aeserve/test/models/fraud/model.json")).asUtf8String()).isEqualTo("{}");
                });
    }

    @Test
    void withAnEndpointAndNoRegionFoundRequestsAreSignedForUsEast1() {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "a region is set in the environment");
        runner().withPropertyValues("aeserve.store.s3.bucket=" + bucket).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(S3Client.class).serviceClientConfiguration().region())
                    .isEqualTo(Region.US_EAST_1);
        });
    }

    @Test
    void withoutABucketStartUpFailsNamingTheProperty() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("aeserve.store.s3.bucket must name the bucket");
        });
    }

    @Test
    void aBucketThatDoesNotExistFailsStartUp() {
        runner().withPropertyValues("aeserve.store.s3.bucket=no-such-bucket").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasMessageContaining("s3://no-such-bucket cannot be used: the bucket no-such-bucket does not exist");
        });
    }

    @Test
    void credentialsTheServerRefusesFailStartUp() {
        runner("not-the-secret").withPropertyValues("aeserve.store.s3.bucket=" + bucket).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("is denied to these credentials");
        });
    }

    @Test
    void theFileTypeMakesNoS3Client() {
        new ApplicationContextRunner().withUserConfiguration(S3StoreConfiguration.class)
                .withPropertyValues("aeserve.store.s3.bucket=" + bucket)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(S3Client.class)
                        .doesNotHaveBean(BlobStore.class));
    }
}
