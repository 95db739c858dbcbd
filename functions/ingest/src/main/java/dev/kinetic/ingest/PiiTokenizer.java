package dev.kinetic.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a PII value with a keyed HMAC-SHA256 token: equal values give equal tokens, so joins and
 * counts still work, but without the key a token cannot be traced back to its value.
 */
final class PiiTokenizer {

  private final SecretKeySpec key;

  PiiTokenizer(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the PII key must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  String token(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return "tok_" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "PiiTokenizer[key hidden]";
  }
}
