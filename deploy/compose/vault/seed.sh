#!/bin/sh
# One-shot: fills the dev-mode Vault (in memory, empty after every restart) the way production is laid
# out (deploy/vault/README.md): the KV v2 secrets, the key-service policy, and a token bound to that
# policy for key-service (compose has no Kubernetes auth). All values are DEV-ONLY and come from
# docker-compose.yml.
set -eu

# Dev mode mounts KV v2 at secret/ already.
vault kv put secret/sprintrr/shared \
  sprintrr.internal-token="$SEED_INTERNAL_TOKEN"
vault kv put secret/sprintrr/key-service \
  sprintrr.crypto.keys="$SEED_CRYPTO_KEYS" \
  sprintrr.crypto.primary-key-id="$SEED_CRYPTO_PRIMARY_KEY_ID"

vault policy write sprintrr-key-service /vault-policies/policy-key-service.hcl
vault policy write sprintrr-internal-token /vault-policies/policy-internal-token.hcl

# A fixed token id so key-service can be configured with it; re-running the seed keeps it valid.
if ! vault token lookup "$SEED_KEY_SERVICE_TOKEN" >/dev/null 2>&1; then
  vault token create -id="$SEED_KEY_SERVICE_TOKEN" -policy=sprintrr-key-service \
    -orphan -ttl=768h -display-name=key-service-compose >/dev/null
fi
echo "vault-seed: secret/sprintrr/shared and secret/sprintrr/key-service written; key-service token ready"
