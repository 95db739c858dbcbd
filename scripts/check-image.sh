#!/usr/bin/env bash
# Checks a function's image tarball that jib:buildTar wrote (OCI layout):
# - each given path is in one of its layers;
# - it runs as user 65532, and its entrypoint runs /app/<jar> from the AOT cache /app/app.aot,
#   with ONNX Runtime's native libraries taken from /app/native;
# - where it holds ONNX Runtime, its jar has no native libraries and the image's java loads them
#   from /app/native;
# - the image's own java starts the function's context from the image's own files with that cache
#   required (-XX:AOTMode=on), which fails if any file differs from the training run's; the start
#   is timed with and without the cache.
#   scripts/check-image.sh <image.tar> <jar in /app> <path in the image>...
set -euo pipefail
image="$1" jar="$2"
shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xf "$image" -C "$work"

root="$work/root"
mkdir "$root"
for blob in "$work"/blobs/sha256/*; do
  if gzip -t "$blob" 2>/dev/null; then
    tar --warning=no-unknown-keyword -xzf "$blob" -C "$root"
  fi
done
for path in "$@"; do
  if [[ ! -e "$root/$path" ]]; then
    echo "check-image: $path is not in $image" >&2
    exit 1
  fi
done

# ONNX Runtime, where the image has it: its jar keeps its classes only, and the image's java loads
# its native libraries from /app/native, as the entrypoint tells it to.
onnxruntime_jars=("$root"/app/lib/onnxruntime*.jar)
if [[ -e "${onnxruntime_jars[0]}" ]]; then
  onnxruntime="${onnxruntime_jars[0]}"
  if "${JAVA_HOME:?}/bin/jar" tf "$onnxruntime" | grep -q '^ai/onnxruntime/native/.'; then
    echo "check-image: $onnxruntime still holds native libraries" >&2
    exit 1
  fi
  mkdir "$work/onnxruntime-check"
  cat > "$work/onnxruntime-check/OnnxRuntimeCheck.java" <<'EOF'
public class OnnxRuntimeCheck {
  public static void main(String[] args) throws Exception {
    ai.onnxruntime.OrtEnvironment environment = ai.onnxruntime.OrtEnvironment.getEnvironment();
    System.out.println("ONNX Runtime " + environment.getVersion() + ", providers "
        + ai.onnxruntime.OrtEnvironment.getAvailableProviders());
  }
}
EOF
  "$JAVA_HOME/bin/javac" -cp "$onnxruntime" -d "$work/onnxruntime-check" \
    "$work/onnxruntime-check/OnnxRuntimeCheck.java"
  if ! loaded="$("$root/opt/java/bin/java" --enable-native-access=ALL-UNNAMED \
    "-Donnxruntime.native.path=$root/app/native" -cp "$onnxruntime:$work/onnxruntime-check" \
    OnnxRuntimeCheck 2>&1)"; then
    echo "check-image: ONNX Runtime does not load from /app/native: $loaded" >&2
    exit 1
  fi
  echo "check-image: $loaded, from /app/native"
fi

config="$(grep -l '"Entrypoint"' "$work"/blobs/sha256/* | head -1)"
for expected in '"/opt/java/bin/java"' '"-XX:AOTCache=/app/app.aot"' "\"/app/$jar\"" \
  '"-Donnxruntime.native.path=/app/native"' '"User":"65532:65532"'; do
  if ! grep -qF "$expected" "$config"; then
    echo "check-image: the config of $image has no $expected: $(cat "$config")" >&2
    exit 1
  fi
done

# A start that needs nothing outside: the store and the issuer are called only after the context
# has started, and spring.context.exit stops it there.
start() {
  env -i PATH=/usr/bin:/bin \
    KINETIC_S3_ENDPOINT=http://127.0.0.1:9 KINETIC_S3_BUCKET=kinetic KINETIC_S3_PATH_STYLE=true \
    AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=check AWS_SECRET_ACCESS_KEY=check \
    OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none \
    SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI=https://issuer.invalid \
    SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI=http://127.0.0.1:9/jwks \
    "$root/opt/java/bin/java" "$@" -Dspring.context.exit=onRefresh -jar "$root/app/$jar" \
    > "$work/start.log" 2>&1
}
seconds() {
  local begin end
  begin=$(date +%s%N)
  if ! start "$@"; then
    echo "check-image: $jar did not start with $*:" >&2
    grep -v '\[warning\]' "$work/start.log" | head -40 >&2
    exit 1
  fi
  end=$(date +%s%N)
  echo "$(((end - begin) / 1000000)) ms"
}
without="$(seconds)"
with="$(seconds -XX:AOTMode=on "-XX:AOTCache=$root/app/app.aot")"
echo "check-image: $image ($(du -h "$image" | cut -f1)) holds $# paths, runs /app/$jar as 65532;" \
  "its context starts in $without without the AOT cache, $with with it"
