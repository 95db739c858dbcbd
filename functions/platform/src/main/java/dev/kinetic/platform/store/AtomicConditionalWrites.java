package dev.kinetic.platform.store;

import com.google.common.util.concurrent.Striped;
import java.io.InputStream;
import java.util.concurrent.locks.Lock;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Gives an S3Proxy blob store S3's guarantee that a conditional write is checked and applied as one
 * step. S3Proxy 4.1.0 checks {@code If-Match} and {@code If-None-Match} in its HTTP handler, apart
 * from the write: of eight writers racing with the same ETag, four won. Here every write to a key
 * holds that key's lock, and conditions are checked again under it.
 */
final class AtomicConditionalWrites extends ForwardingBlobStore {

  private final Striped<Lock> locks = Striped.lock(64);

  AtomicConditionalWrites(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
    Lock lock = locks.get(request.bucket() + "/" + request.key());
    lock.lock();
    try {
      if (request.ifMatch() != null || request.ifNoneMatch() != null) {
        HeadObjectResponse current =
            delegate().blobMetadataIfPresent(request.bucket(), request.key());
        String etag = current == null ? null : current.eTag();
        if (!holds(request.ifMatch(), request.ifNoneMatch(), etag)) {
          throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
        }
      }
      return super.putBlob(request, content);
    } finally {
      lock.unlock();
    }
  }

  private static boolean holds(String ifMatch, String ifNoneMatch, String currentEtag) {
    if (ifNoneMatch != null
        && currentEtag != null
        && (ifNoneMatch.equals("*") || sameEtag(ifNoneMatch, currentEtag))) {
      return false;
    }
    return ifMatch == null
        || (currentEtag != null && (ifMatch.equals("*") || sameEtag(ifMatch, currentEtag)));
  }

  private static boolean sameEtag(String a, String b) {
    return unquoted(a).equals(unquoted(b));
  }

  private static String unquoted(String etag) {
    return etag.replace("\"", "");
  }
}
