# Sourced by .ci/run and the launcher: points JAVA_HOME at a JDK 25 without the user doing anything.
# Prefers a JDK 25 installed beside the default JDK (e.g. /usr/lib/jvm/temurin-25-jdk-amd64, while
# the default `java` is 17), then JAVA_HOME; fails with a clear message if only older Java is found.

java_feature_version() { # JAVA_HOME-like folder -> feature version (17, 25, ...) or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

select_jdk25() {
  local default_java jvm_dir candidate version
  local -a candidates=()
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    jvm_dir=$(dirname "$(dirname "$(dirname "$(readlink -f "$default_java")")")")
    for candidate in "$jvm_dir"/*; do candidates+=("$candidate"); done
  fi
  for candidate in /usr/lib/jvm/*; do candidates+=("$candidate"); done
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in "${candidates[@]}"; do
    [ -d "$candidate" ] || continue
    version=$(java_feature_version "$candidate")
    if [ "$version" = "25" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  version=$( [ -n "${JAVA_HOME:-}" ] && java_feature_version "$JAVA_HOME" )
  if [ -n "$version" ] && [ "$version" -gt 25 ]; then
    return 0
  fi
  echo "Kinetic needs JDK 25. Found: ${JAVA_HOME:-no JAVA_HOME}${version:+ (Java $version)}." >&2
  echo "Install a JDK 25 (e.g. Temurin 25) beside your default JDK, or set JAVA_HOME to one." >&2
  return 1
}
