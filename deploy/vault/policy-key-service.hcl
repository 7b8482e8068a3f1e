# Vault policy "sprintrr-key-service": what key-service may read at startup through the quarkus-vault
# config source (KV v2 mounted at secret/, so the API path carries /data/). Read-only, nothing else.

# sprintrr.crypto.keys, sprintrr.crypto.primary-key-id (the AES-256-GCM master keys)
path "secret/data/sprintrr/key-service" {
  capabilities = ["read"]
}

# sprintrr.internal-token (the service token for /internal/**)
path "secret/data/sprintrr/shared" {
  capabilities = ["read"]
}
