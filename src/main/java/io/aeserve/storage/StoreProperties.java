package io.aeserve.storage;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where version files and datasets are stored.
 *
 * @param type {@code file} stores them in the data directory, for one replica; {@code s3} in an S3 bucket, which
 *     any number of replicas can share
 * @param s3 the bucket, when the type is {@code s3}
 * @param refreshInterval how often a replica takes in the promotions, new versions and deletions other replicas made
 */
@ConfigurationProperties("aeserve.store")
public record StoreProperties(@DefaultValue("file") Type type, @DefaultValue S3 s3,
        @DefaultValue("1s") Duration refreshInterval) {

    public StoreProperties {
        if (type == Type.S3 && (s3.bucket() == null || s3.bucket().isBlank())) {
            throw new IllegalArgumentException(
                    "aeserve.store.s3.bucket must name the bucket when aeserve.store.type is s3");
        }
    }

    public enum Type {
        FILE,
        S3
    }

    /**
     * An S3 bucket, or one of a server that speaks S3. Credentials come from the AWS SDK's default chain: the
     * environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}), a web identity token (EKS service
     * accounts), the shared profile files, or the instance's or container's role.
     *
     * @param bucket the bucket's name; it must exist
     * @param prefix what the keys start with, such as {@code aeserve/prod}, so that one bucket can hold several
     *     stores; empty uses the whole bucket
     * @param region the bucket's region; when unset, the SDK's ({@code AWS_REGION}, the profile, the instance),
     *     and {@code us-east-1} when that finds none and an endpoint is set
     * @param endpoint the server's address, such as {@code http://minio:9000}, for MinIO, Ceph, S3Proxy and other
     *     servers that speak S3; AWS's when unset
     * @param pathStyleAccess name the bucket in the path ({@code http://host/bucket/key}) instead of the host name,
     *     as most servers other than AWS need
     * @param partSize larger blobs are uploaded in parts of this size, each held in memory while it is sent: at
     *     least 5MB (S3's smallest part), and a blob may have at most 10,000 parts
     * @param leftoverGrace how long nothing must have been written to an unfinished folder before it is removed as
     *     a leftover, since another replica may be writing it still: longer than any one upload takes
     */
    public record S3(
            String bucket,
            @DefaultValue("") String prefix,
            String region,
            URI endpoint,
            @DefaultValue("false") boolean pathStyleAccess,
            @DefaultValue("8MB") DataSize partSize,
            @DefaultValue("1h") Duration leftoverGrace) {}
}
