package dev.kinetic.platform.store;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store on the S3 API: AWS S3, or any S3-compatible server through an endpoint override.
 * Conditional writes use S3's {@code If-None-Match: *} and {@code If-Match}.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

  private static final int PRECONDITION_FAILED = 412;
  private static final int CONDITIONAL_REQUEST_CONFLICT = 409;
  private static final int NOT_FOUND = 404;

  private final S3Client s3;
  private final String bucket;

  public S3ObjectStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Connects with {@code settings}; the store owns the client and closes it. */
  public static S3ObjectStore connect(S3Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(
                settings.accessKeyId() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            settings.accessKeyId(), settings.secretAccessKey())));
    if (settings.endpoint() != null) {
      // S3-compatible servers do not all speak the SDK's default CRC checksums and aws-chunked
      // uploads; send checksums only where the API requires them.
      builder
          .endpointOverride(settings.endpoint())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return new S3ObjectStore(builder.build(), settings.bucket());
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket if it does not exist, for local and test servers. */
  public void ensureBucket() {
    try {
      s3.headBucket(request -> request.bucket(bucket));
    } catch (NoSuchBucketException missing) {
      createBucket();
    } catch (S3Exception e) {
      if (e.statusCode() != NOT_FOUND) {
        throw failure("checking bucket " + bucket, e);
      }
      createBucket();
    }
  }

  private void createBucket() {
    try {
      s3.createBucket(request -> request.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException createdMeanwhile) {
      // Another client created it between our check and our request: what we wanted.
    }
  }

  @Override
  public String put(String key, ObjectContent content, WriteCondition condition) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(bucket).key(key).contentLength(content.size());
    switch (condition) {
      case WriteCondition.None none -> {}
      case WriteCondition.IfAbsent absent -> request.ifNoneMatch("*");
      case WriteCondition.IfMatch match -> request.ifMatch(match.etag());
    }
    RequestBody body =
        switch (content) {
          case ObjectContent.Bytes bytes -> RequestBody.fromBytes(bytes.bytes());
          case ObjectContent.File file -> RequestBody.fromFile(file.path());
        };
    try {
      return s3.putObject(request.build(), body).eTag();
    } catch (S3Exception e) {
      if (refusedByCondition(e.statusCode(), condition)) {
        throw new PreconditionFailedException(key, condition);
      }
      throw failure("writing " + key, e);
    } catch (SdkException e) {
      throw failure("writing " + key, e);
    }
  }

  /**
   * 412 when the condition does not hold, 409 when a concurrent conditional write got there first,
   * and 404 for {@code If-Match} on a key that does not exist.
   */
  private static boolean refusedByCondition(int status, WriteCondition condition) {
    return status == PRECONDITION_FAILED
        || status == CONDITIONAL_REQUEST_CONFLICT
        || (status == NOT_FOUND && condition instanceof WriteCondition.IfMatch);
  }

  @Override
  public Optional<StoredObject> get(String key) {
    try {
      ResponseInputStream<GetObjectResponse> stream =
          s3.getObject(request -> request.bucket(bucket).key(key));
      GetObjectResponse response = stream.response();
      return Optional.of(
          new StoredObject(
              new ObjectInfo(
                  key, response.eTag(), response.contentLength(), response.lastModified()),
              stream));
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        return Optional.empty();
      }
      throw failure("reading " + key, e);
    } catch (SdkException e) {
      throw failure("reading " + key, e);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    try {
      HeadObjectResponse response = s3.headObject(request -> request.bucket(bucket).key(key));
      return Optional.of(
          new ObjectInfo(key, response.eTag(), response.contentLength(), response.lastModified()));
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        return Optional.empty();
      }
      throw failure("reading metadata of " + key, e);
    } catch (SdkException e) {
      throw failure("reading metadata of " + key, e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    try {
      return s3
          .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
          .contents()
          .stream()
          .map(o -> new ObjectInfo(o.key(), o.eTag(), o.size(), o.lastModified()))
          .toList();
    } catch (SdkException e) {
      throw failure("listing " + prefix, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      s3.deleteObject(request -> request.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure("deleting " + key, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private ObjectStoreException failure(String what, SdkException e) {
    return new ObjectStoreException(
        what + " in bucket " + bucket + " failed: " + e.getMessage(), e);
  }
}
