# Istio, for encrypted and authenticated traffic between pods: istiod gives every pod with a sidecar
# a workload certificate for its ServiceAccount, sidecars talk mutual TLS to each other, and the
# kinetic namespace's PeerAuthentication (knative/manifests/overlays/mesh) refuses anything else.
# Its ingress gateway is Knative Serving's networking layer (net-istio) in place of Kourier, since
# Knative's activator and the gateway must be in the mesh to reach pods that accept only mTLS.

resource "helm_release" "base" {
  name             = "istio-base"
  repository       = local.charts
  chart            = "base"
  version          = var.istio_version
  namespace        = "istio-system"
  create_namespace = true
  wait             = true
}

resource "helm_release" "istiod" {
  name       = "istiod"
  repository = local.charts
  chart      = "istiod"
  version    = var.istio_version
  namespace  = helm_release.base.namespace
  wait       = true

  values = [yamlencode({
    meshConfig = {
      defaultConfig = {
        # A function calls the store as it starts; without this its first calls can leave before
        # the sidecar is ready and fail.
        holdApplicationUntilProxyStarts = true
      }
    }
    pilot = {
      replicaCount = var.istiod_replicas
    }
  })]
}

# net-istio's Gateways (knative-ingress-gateway, knative-local-gateway) select istio=ingressgateway
# in istio-system; its ServiceAccount istio-ingressgateway is the principal the functions'
# AuthorizationPolicies let in.
resource "helm_release" "gateway" {
  name       = "istio-ingressgateway"
  repository = local.charts
  chart      = "gateway"
  version    = var.istio_version
  namespace  = helm_release.base.namespace
  wait       = true

  values = [yamlencode({
    labels = { istio = "ingressgateway" }
    service = {
      type = "LoadBalancer"
      annotations = {
        "service.beta.kubernetes.io/aws-load-balancer-type"   = "external"
        "service.beta.kubernetes.io/aws-load-balancer-scheme" = "internet-facing"
      }
    }
  })]

  depends_on = [helm_release.istiod]
}

locals {
  charts = "https://istio-release.storage.googleapis.com/charts"
}
