#!/bin/sh
# One-shot, DEV-ONLY: makes the RS256 key pair the compose stack trusts (once, kept in the jwt-dev
# volume; the private key never leaves it) and mints a token for an account, as the web app's backend
# would. Usage: docker compose run --rm jwt-dev [accountId]   (default: demo-account)
set -eu

DIR="${JWT_DIR:-/jwt}"
ACCOUNT="${1:-demo-account}"
LIFETIME="${TOKEN_LIFETIME_SECONDS:-43200}"
: "${JWT_ISSUER:?JWT_ISSUER must be set (the services' MP_JWT_VERIFY_ISSUER)}"

# Same rule as the services' account ids; also keeps the JSON below well-formed.
if ! printf '%s' "$ACCOUNT" | grep -Eq '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$'; then
  echo "jwt-dev: invalid account id '$ACCOUNT'" >&2
  exit 2
fi

if [ ! -s "$DIR/private.pem" ]; then
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/private.pem" 2>/dev/null)
  openssl pkey -in "$DIR/private.pem" -pubout -out "$DIR/public.pem"
  chmod 0644 "$DIR/public.pem"
  echo "jwt-dev: new DEV-ONLY key pair in the jwt-dev volume"
fi

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '%s' '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"user-%s","account_id":"%s","iat":%s,"exp":%s}' \
  "$JWT_ISSUER" "$ACCOUNT" "$ACCOUNT" "$now" "$((now + LIFETIME))" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$DIR/private.pem" -binary | b64url)
token="$header.$payload.$signature"

printf '%s\n' "$token" > "$DIR/token-$ACCOUNT"
chmod 0644 "$DIR/token-$ACCOUNT"
echo "jwt-dev: token for account '$ACCOUNT' (valid $((LIFETIME / 3600)) h):"
echo "$token"
