package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The image repositories: one per image the overlays deploy, immutable, scanned, encrypted. */
@SuppressWarnings("unchecked")
class ImagesPolicyTest {

  final Map<String, Object> images = Modules.parse(Modules.module("images"));

  @Test
  void everyImageTheProdOverlayDeploysHasARepository() {
    JsonNode kustomization = Overlays.documents("prod/kustomization.yaml").getFirst();
    List<String> deployed =
        kustomization
            .path("images")
            .valueStream()
            .map(image -> image.path("name").asString())
            .map(name -> name.substring(name.lastIndexOf('/') + 1))
            .toList();
    assertThat((List<String>) Modules.at(images, "variable", "images").get("default"))
        .containsExactlyInAnyOrderElementsOf(deployed);
  }

  @Test
  void tagsAreImmutableAndImagesScannedAndEncrypted() {
    Map<String, Object> repository = Modules.at(images, "resource", "aws_ecr_repository", "image");
    assertThat(repository).containsEntry("image_tag_mutability", "IMMUTABLE");
    assertThat(Modules.at(repository, "image_scanning_configuration"))
        .containsEntry("scan_on_push", true);
    assertThat(Modules.at(repository, "encryption_configuration"))
        .containsEntry("encryption_type", "KMS");
    assertThat(Modules.at(images, "resource", "aws_ecr_lifecycle_policy")).containsKey("untagged");
  }
}
