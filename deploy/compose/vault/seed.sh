#!/bin/sh
# One-shot: fills the dev-mode Vault (in memory, empty after every restart) the way production is laid
# out (deploy/vault/README.md): the KV v2 secrets, one policy per service, and one token per service
# bound to its policy (compose has no Kubernetes auth: token auth replaces the roles). All values are
# DEV-ONLY and come from docker-compose.yml, except the master key, made here (see below).
set -eu

# The master key is never committed (key-service refuses committed keys in the prod profile these
# containers run): made from /dev/urandom on the first start, kept in the vault-seed volume (/seed) so
# keys stored in PostgreSQL stay readable across restarts. Never printed.
if [ ! -s /seed/crypto-keys ]; then
  umask 077
  printf 'compose-%s:%s' "$(date -u +%Y%m%d%H%M%S)" "$(head -c 32 /dev/urandom | base64 | tr -d '\n')" > /seed/crypto-keys
fi
crypto_keys="$(cat /seed/crypto-keys)"

# Dev mode mounts KV v2 at secret/ already.
vault kv put secret/sprintrr/shared \
  sprintrr.internal-token="$SEED_INTERNAL_TOKEN"
vault kv put secret/sprintrr/key-service \
  sprintrr.crypto.keys="$crypto_keys" \
  sprintrr.crypto.primary-key-id="${crypto_keys%%:*}"

# service_token <service> <token id>: the production policy of that service, and a token bound to it
# with a fixed id so the service can be configured with it (re-running the seed keeps it valid).
service_token() {
  vault policy write "sprintrr-$1" "/vault-policies/policy-$1.hcl"
  if ! vault token lookup "$2" >/dev/null 2>&1; then
    vault token create -id="$2" -policy="sprintrr-$1" \
      -orphan -ttl=768h -display-name="$1-compose" >/dev/null
  fi
}
service_token key-service "$SEED_KEY_SERVICE_TOKEN"
service_token generation-service "$SEED_GENERATION_SERVICE_TOKEN"
service_token credit-service "$SEED_CREDIT_SERVICE_TOKEN"

echo "vault-seed: secret/sprintrr/shared, secret/sprintrr/key-service, policies and service tokens ready"
