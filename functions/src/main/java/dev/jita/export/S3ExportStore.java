package dev.jita.export;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The export bucket (Object Lock, compliance mode: the bucket's default retention locks each object as it is
 * written). PutObject with {@code If-None-Match: *}: an object is written once, a second write of the same key is
 * refused by S3 (412) and taken as already done. Reading lists a day's prefix and reads each object: a request's
 * days hold a few objects at jita's volume (one per stream batch and day).
 */
public final class S3ExportStore implements ExportStore {
    private static final int PRECONDITION_FAILED = 412;
    /** A conditional write racing another on the same key. */
    private static final int CONFLICT = 409;

    private final S3Client s3;
    private final String bucket;

    public S3ExportStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public void put(LocalDate day, String name, List<String> lines) {
        String key = ExportStore.key(day, name);
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*")
                            .contentType("application/x-ndjson").build(),
                    RequestBody.fromString(String.join("\n", lines) + "\n", StandardCharsets.UTF_8));
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
                return; // written before: the same records under the same name
            }
            throw new ExportFailedException("could not write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ExportFailedException("could not write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> lines(LocalDate day) {
        String prefix = ExportStore.prefix(day);
        List<String> out = new ArrayList<>();
        try {
            String token = null;
            List<String> keys = new ArrayList<>();
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(prefix).continuationToken(token).build());
                page.contents().stream().map(S3Object::key).forEach(keys::add);
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            for (String key : keys.stream().sorted().toList()) {
                String text = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
                        .asUtf8String();
                text.lines().filter(l -> !l.isBlank()).forEach(out::add);
            }
        } catch (SdkException e) {
            throw new ExportFailedException("could not read s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return out;
    }
}
