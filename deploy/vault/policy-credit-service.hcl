# Vault policy "sprintrr-credit-service": what credit-service may read at startup through the
# quarkus-vault config source (KV v2 mounted at secret/, so the API path carries /data/). Read-only:
# the service token and nothing else (no master keys).

# sprintrr.internal-token (the service token for /internal/**)
path "secret/data/sprintrr/shared" {
  capabilities = ["read"]
}
