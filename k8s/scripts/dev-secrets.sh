#!/bin/sh
# Makes THROWAWAY development secrets: a root and an issuing CA for the pki service, and the
# bootstrap administrator password and token key secret for identity. Never use them for anything real; production
# keys come from the organisation's CA process (docs/operations.md, "Secrets and key rotation").
#
#   k8s/scripts/dev-secrets.sh OUT_DIR [OWNER_UID]
#
# Writes, unless already present (re-running keeps real files; placeholders are replaced):
#   OUT_DIR/root-ca.pem          root CA certificate (PEM)
#   OUT_DIR/issuing-ca.pem       issuing CA certificate signed by the root (PEM)
#   OUT_DIR/issuing-ca-key.pem   issuing CA private key (PEM, PKCS#8, RSA 3072)
#   OUT_DIR/admin-password       random bootstrap administrator password (identity)
#   OUT_DIR/token-key-secret     random secret encrypting identity's token signing keys
# The root CA's private key is deleted: nothing at run time needs it.
# Used by docker-compose.yml (service dev-secrets) and for a development cluster
# (k8s/overlays/dev/secrets). POSIX sh + openssl only.
set -eu

out=${1:?usage: dev-secrets.sh OUT_DIR [OWNER_UID]}
owner=${2:-}

if ! command -v openssl >/dev/null 2>&1; then
  if command -v apk >/dev/null 2>&1; then apk add --no-cache openssl >/dev/null; else
    echo "dev-secrets: openssl is required" >&2
    exit 1
  fi
fi

mkdir -p "$out"
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

is_pem() { [ -s "$1" ] && grep -q -- '-----BEGIN ' "$1"; }

if ! is_pem "$out/issuing-ca-key.pem" || ! is_pem "$out/issuing-ca.pem" || ! is_pem "$out/root-ca.pem"; then
  cat >"$work/ca.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[root_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[issuing_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
  openssl req -x509 -new -newkey rsa:3072 -nodes -sha256 -days 3650 \
    -config "$work/ca.cnf" -extensions root_ca \
    -subj "/C=PL/O=PUESC DEVELOPMENT ONLY - NOT TRUSTED/CN=PUESC Dev Root CA" \
    -keyout "$work/root-ca-key.pem" -out "$work/root-ca.pem" 2>/dev/null
  openssl req -new -newkey rsa:3072 -nodes -sha256 -config "$work/ca.cnf" \
    -subj "/C=PL/O=PUESC DEVELOPMENT ONLY - NOT TRUSTED/CN=PUESC Dev Issuing CA" \
    -keyout "$work/issuing-ca-key.pem" -out "$work/issuing-ca.csr" 2>/dev/null
  openssl x509 -req -sha256 -days 1825 -in "$work/issuing-ca.csr" \
    -CA "$work/root-ca.pem" -CAkey "$work/root-ca-key.pem" -set_serial "0x$(openssl rand -hex 16)" \
    -extfile "$work/ca.cnf" -extensions issuing_ca -out "$work/issuing-ca.pem" 2>/dev/null
  openssl verify -CAfile "$work/root-ca.pem" "$work/issuing-ca.pem" >/dev/null
  rm -f "$out/root-ca.pem" "$out/issuing-ca.pem" "$out/issuing-ca-key.pem"
  cp "$work/root-ca.pem" "$work/issuing-ca.pem" "$work/issuing-ca-key.pem" "$out/"
  echo "dev-secrets: made a throwaway development CA in $out"
fi

if [ ! -s "$out/admin-password" ] || grep -q '^PLACEHOLDER' "$out/admin-password"; then
  rm -f "$out/admin-password"
  openssl rand -base64 24 | tr -d '\n' >"$out/admin-password"
  echo "dev-secrets: made a bootstrap administrator password in $out/admin-password"
fi

if [ ! -s "$out/token-key-secret" ] || grep -q '^PLACEHOLDER' "$out/token-key-secret"; then
  rm -f "$out/token-key-secret"
  openssl rand -base64 32 | tr -d '\n' >"$out/token-key-secret"
  echo "dev-secrets: made a token key secret in $out/token-key-secret"
fi

chmod 0444 "$out/root-ca.pem" "$out/issuing-ca.pem"
chmod 0400 "$out/issuing-ca-key.pem" "$out/admin-password" "$out/token-key-secret"
if [ -n "$owner" ]; then chown "$owner:$owner" "$out/issuing-ca-key.pem" "$out/admin-password" "$out/token-key-secret"; fi
