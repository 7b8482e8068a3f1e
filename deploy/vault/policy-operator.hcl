# Vault policy "sprintrr-operator": for the people or the pipeline that set and rotate sprintrr's
# secrets (deploy/vault/README.md). Never bound to a service.
path "secret/data/sprintrr/*" {
  capabilities = ["create", "read", "update", "patch"]
}
path "secret/metadata/sprintrr/*" {
  capabilities = ["read", "list"]
}
