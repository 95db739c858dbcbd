package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The functions' roles: exactly the store prefixes each function uses, read from the code's key
 * layouts (SpecStore, DatasetStore, ModelStore, AuditLog, the functions' state documents), and
 * nothing more. A role that could write anywhere else fails here.
 */
@SuppressWarnings("unchecked")
class IdentityPolicyTest {

  /** What each function does in the store: read, write, delete prefixes. */
  static final Map<String, Map<String, List<String>>> LEAST_PRIVILEGE = new LinkedHashMap<>();

  static {
    LEAST_PRIVILEGE.put(
        "ingest",
        access(
            List.of("specs/", "audit/", "uploads/"),
            List.of("datasets/", "quarantine/"),
            List.of()));
    LEAST_PRIVILEGE.put(
        "train",
        access(
            List.of("specs/", "datasets/", "models/", "state/train/"),
            List.of("models/", "state/train/"),
            List.of()));
    LEAST_PRIVILEGE.put(
        "registry",
        access(
            List.of("specs/", "models/", "state/registry/"),
            List.of("models/*/aliases/", "archive/", "state/registry/"),
            List.of("models/")));
    LEAST_PRIVILEGE.put(
        "inference", access(List.of("specs/", "models/"), List.of("audit-spill/"), List.of()));
    LEAST_PRIVILEGE.put(
        "audit",
        access(
            List.of("audit/", "audit-spill/", "dead-letters/"),
            List.of("audit/", "dead-letters/"),
            List.of("audit-spill/")));
    LEAST_PRIVILEGE.put(
        "drift",
        access(
            List.of("specs/", "models/", "audit/", "state/drift/"),
            List.of("state/drift/"),
            List.of()));
  }

  static Map<String, List<String>> access(
      List<String> read, List<String> write, List<String> delete) {
    Map<String, List<String>> access = new LinkedHashMap<>();
    access.put("read", read);
    access.put("write", write);
    access.put("delete", delete);
    return access;
  }

  final Path module = Modules.module("identity");
  final Map<String, Object> identity = Modules.parse(module);

  @Test
  void grantsEachFunctionExactlyTheTable() {
    assertThat(Modules.at(identity, "locals", "function_access"))
        .as("the identity module's table")
        .isEqualTo(LEAST_PRIVILEGE);
  }

  @Test
  void onlyTheRegistryMovesAChampionAlias() {
    assertThat((List<Object>) Modules.at(identity, "locals").get("alias_writers"))
        .containsExactly("registry");
    Map<String, String> statements = statements(Modules.text(module.resolve("main.tf")));
    assertThat(statements.get("NoAliases"))
        .contains("effect    = \"Deny\"")
        .contains("\"s3:PutObject\", \"s3:DeleteObject\"")
        .contains("contains(local.alias_writers, each.key) ? [] : [\"models/*/aliases/\"]");
  }

  @Test
  void buildsEveryGrantFromTheTableAndNothingElse() {
    Map<String, String> statements = statements(Modules.text(module.resolve("main.tf")));
    assertThat(statements.keySet())
        .containsExactlyInAnyOrder("List", "Read", "Write", "Delete", "NoAliases", "Key");
    assertThat(statements.get("Read"))
        .contains("[\"s3:GetObject\", \"s3:GetObjectVersion\"]")
        .contains("for prefix in each.value.read :");
    assertThat(statements.get("Write"))
        .contains("[\"s3:PutObject\"]")
        .contains("for prefix in each.value.write :");
    assertThat(statements.get("Delete"))
        .contains("[\"s3:DeleteObject\"]")
        .contains("for prefix in statement.value :");
    assertThat(statements.get("List"))
        .contains("[\"s3:ListBucket\"]")
        .contains("each.value.read, each.value.write, each.value.delete");
    assertThat(statements.get("Key")).contains("[\"kms:Decrypt\", \"kms:GenerateDataKey\"]");
    // No wildcard actions, and no statement that grants S3 writes outside the three above.
    for (Map.Entry<String, String> statement : statements.entrySet()) {
      assertThat(statement.getValue()).as(statement.getKey()).doesNotContain("\"s3:*\"");
      if (!List.of("Write", "Delete", "NoAliases").contains(statement.getKey())) {
        assertThat(statement.getValue())
            .as(statement.getKey())
            .doesNotContain("s3:Put")
            .doesNotContain("s3:Delete");
      }
    }
    assertThat(Modules.at(identity, "resource"))
        .doesNotContainKey("aws_iam_role_policy_attachment");
  }

  @Test
  void rolesAreForTheClusterOverlaysServiceAccountsThroughPodIdentity() {
    Map<String, Object> trust =
        Modules.blocks(
                Modules.at(identity, "data", "aws_iam_policy_document", "trust").get("statement"))
            .getFirst();
    assertThat(Modules.at(trust, "principals"))
        .containsEntry("type", "Service")
        .containsEntry("identifiers", List.of("pods.eks.amazonaws.com"));
    assertThat((List<Object>) trust.get("actions"))
        .containsExactly("sts:AssumeRole", "sts:TagSession");

    String main = Modules.text(module.resolve("main.tf"));
    assertThat(main).contains("service_account = \"kinetic-${each.key}\"");
    String accounts =
        Modules.text(
            Modules.ROOT.resolveSibling(
                "knative/manifests/overlays/cluster/service-accounts.yaml"));
    List<String> declared = new ArrayList<>();
    Matcher names = Pattern.compile("(?m)^  name: (kinetic-[a-z]+)$").matcher(accounts);
    while (names.find()) {
      declared.add(names.group(1));
    }
    assertThat(declared)
        .containsExactlyInAnyOrderElementsOf(
            LEAST_PRIVILEGE.keySet().stream().map(name -> "kinetic-" + name).toList());
  }

  /** The text of each {@code statement} in main.tf, by its sid. */
  static Map<String, String> statements(String main) {
    Map<String, String> bySid = new LinkedHashMap<>();
    Matcher sid = Pattern.compile("sid\\s*=\\s*\"([A-Za-z]+)\"").matcher(main);
    while (sid.find()) {
      int open = main.lastIndexOf('{', sid.start());
      int depth = 1;
      int at = open + 1;
      while (depth > 0) {
        char c = main.charAt(at++);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      // For a dynamic statement, the sid sits in its content block: take the whole dynamic block.
      int dynamic = main.lastIndexOf("dynamic \"statement\"", open);
      int plain = main.lastIndexOf("statement {", open);
      String text = dynamic > plain ? main.substring(dynamic, at) : main.substring(open, at);
      bySid.put(sid.group(1), text);
    }
    return bySid;
  }
}
