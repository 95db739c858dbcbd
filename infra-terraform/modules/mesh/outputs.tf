output "namespace" {
  description = "Where istiod and the ingress gateway run."
  value       = helm_release.istiod.namespace
}

output "ingress_gateway_principal" {
  description = "The SPIFFE identity of the ingress gateway's pods, as AuthorizationPolicies name it."
  value       = "cluster.local/ns/${helm_release.gateway.namespace}/sa/${helm_release.gateway.name}"
}
