package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model store as the standards ask: encrypted, rotated, versioned, private, TLS only. */
class ModelStorePolicyTest {

  final Map<String, Object> store = Modules.parse(Modules.module("model-store"));

  Map<String, Object> resource(String type) {
    return Modules.at(store, "resource", type, "store");
  }

  @Test
  void encryptsWithItsOwnRotatingKey() {
    assertThat(resource("aws_kms_key").get("enable_key_rotation")).isEqualTo(true);
    Map<String, Object> rule =
        Modules.at(resource("aws_s3_bucket_server_side_encryption_configuration"), "rule");
    Map<String, Object> byDefault = Modules.at(rule, "apply_server_side_encryption_by_default");
    assertThat(byDefault.get("sse_algorithm")).isEqualTo("aws:kms");
    assertThat(String.valueOf(byDefault.get("kms_master_key_id")))
        .isEqualTo("aws_kms_key.store.arn");
    assertThat(rule.get("bucket_key_enabled")).isEqualTo(true);
  }

  @Test
  void isVersionedAndPrivate() {
    assertThat(Modules.at(resource("aws_s3_bucket_versioning"), "versioning_configuration"))
        .containsEntry("status", "Enabled");
    assertThat(resource("aws_s3_bucket_public_access_block"))
        .containsEntry("block_public_acls", true)
        .containsEntry("block_public_policy", true)
        .containsEntry("ignore_public_acls", true)
        .containsEntry("restrict_public_buckets", true);
    assertThat(Modules.at(resource("aws_s3_bucket_ownership_controls"), "rule"))
        .containsEntry("object_ownership", "BucketOwnerEnforced");
    assertThat(Modules.at(store, "resource")).doesNotContainKey("aws_s3_bucket_acl");
  }

  @Test
  void refusesEveryRequestNotMadeOverTls() {
    assertThat(String.valueOf(resource("aws_s3_bucket_policy").get("policy")))
        .isEqualTo("data.aws_iam_policy_document.tls_only.json");
    Map<String, Object> deny =
        Modules.blocks(
                Modules.at(store, "data", "aws_iam_policy_document", "tls_only").get("statement"))
            .getFirst();
    assertThat(deny).containsEntry("effect", "Deny").containsEntry("actions", List.of("s3:*"));
    assertThat(((List<?>) deny.get("resources")).stream().map(String::valueOf))
        .containsExactly("aws_s3_bucket.store.arn", "aws_s3_bucket.store.arn/*");
    assertThat(Modules.at(deny, "condition"))
        .containsEntry("test", "Bool")
        .containsEntry("variable", "aws:SecureTransport")
        .containsEntry("values", List.of("false"));
    assertThat(Modules.at(deny, "principals")).containsEntry("identifiers", List.of("*"));
  }

  @Test
  void archivesToGlacierAndKeepsTheAuditLogForItsRetention() {
    List<Map<String, Object>> rules =
        Modules.blocks(resource("aws_s3_bucket_lifecycle_configuration").get("rule"));
    Map<String, Object> archive = rule(rules, "archive-to-glacier");
    assertThat(Modules.at(archive, "filter")).containsEntry("prefix", "archive/");
    assertThat(Modules.at(archive, "transition")).containsEntry("storage_class", "GLACIER");
    assertThat(String.valueOf(Modules.at(archive, "transition").get("days")))
        .isEqualTo("var.archive_after_days");
    Map<String, Object> audit = rule(rules, "audit-retention");
    assertThat(Modules.at(audit, "filter")).containsEntry("prefix", "audit/");
    assertThat(String.valueOf(Modules.at(audit, "expiration").get("days")))
        .isEqualTo("var.audit_retention_days");
    assertThat(rules).allSatisfy(rule -> assertThat(rule).containsEntry("status", "Enabled"));
  }

  static Map<String, Object> rule(List<Map<String, Object>> rules, String id) {
    return rules.stream()
        .filter(rule -> id.equals(rule.get("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no lifecycle rule " + id));
  }
}
