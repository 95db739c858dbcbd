terraform {
  # Cross-variable validation needs 1.9; the module uses no provider, so terraform test runs offline.
  required_version = ">= 1.9"
}
