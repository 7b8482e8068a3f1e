# Vault policy "sprintrr-internal-token": read the shared service token only. Bound to the
# generation-service and credit-service roles, and to whatever syncs the token into the Kubernetes
# Secret sprintrr-internal-token (see README.md: those two services do not carry quarkus-vault yet).

# sprintrr.internal-token
path "secret/data/sprintrr/shared" {
  capabilities = ["read"]
}
