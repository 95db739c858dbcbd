package dev.kinetic.deployer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * fabric8's API server in CRUD mode, taught server-side apply, which its CRUD dispatcher refuses
 * (415): an apply creates a missing object, as Kubernetes does, and replaces the fields of an
 * existing one but its status, which for one field manager applying whole objects comes to the
 * same.
 */
public final class ApiServer implements AutoCloseable {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public ApiServer() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new ApplyCreates(), false);
    server.init();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static final class ApplyCreates extends KubernetesCrudDispatcher {

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      String path = request.getPath().replaceFirst("\\?.*", "");
      if (type == null || !type.startsWith("application/apply-patch")) {
        return super.handlePatch(request);
      }
      HasMetadata object = SERIALIZATION.unmarshal(request.getUtf8Body());
      Buffer json = new Buffer(SERIALIZATION.asJson(object).getBytes(StandardCharsets.UTF_8));
      if (handleGet(path).code() == 404) {
        return handleCreate(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.POST,
                path.substring(0, path.lastIndexOf('/')),
                Headers.builder().add("Content-Type", "application/json").build(),
                json));
      }
      GenericKubernetesResource existing =
          SERIALIZATION.unmarshal(
              handleGet(path).getBody().readUtf8(), GenericKubernetesResource.class);
      GenericKubernetesResource applied =
          SERIALIZATION.unmarshal(SERIALIZATION.asJson(object), GenericKubernetesResource.class);
      applied.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      if (existing.get("status") != null) {
        applied.setAdditionalProperty("status", existing.get("status"));
      }
      return handleUpdate(
          new RecordedRequest(
              "HTTP/1.1",
              HttpMethod.PUT,
              path,
              Headers.builder().add("Content-Type", "application/json").build(),
              new Buffer(SERIALIZATION.asJson(applied).getBytes(StandardCharsets.UTF_8))));
    }
  }
}
