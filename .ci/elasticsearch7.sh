# shellcheck shell=bash
# A throwaway single-node Elasticsearch 7.10.2 (the last Apache-2.0 release)
# for the search tests, run with org.codelibs:elasticsearch-cluster-runner from
# Maven Central: an embedded node with the modules of the OSS distribution
# (analysis-common among them, which the archive's analyzer needs), no
# distribution download, nothing to install as a user.
#
# Meant to be sourced (by .ci/run, or by hand):
#   . .ci/elasticsearch7.sh
#   es7_start   # sets ES7_SEARCH_URL=http://127.0.0.1:PORT (not SEARCH_URL:
#               # the main suite searches OpenSearch; the caller passes it on)
#   ...
#   es7_stop    # stops the node and removes its temp folder; safe to call anytime
#
# Knobs (environment, all optional):
#   ES7_RUNNER_VERSION   runner version (its first three parts are Elasticsearch's)
#   ES7_RUNNER_DIR       cache for the generated pom and the jars
#                        (default $ROOT/var/es7-runner; /var/ is git-ignored)
#   ES7_JAVA_HOME        a JDK 11-21 to use (default: the first of 17, 21, 11 found
#                        in JAVA_HOME or /usr/lib/jvm/*); 7.10 predates Java 22's changes
#   ES7_HEAP             heap size, default 512m
#   ES7_START_TIMEOUT    seconds to wait for yellow health, default 180
#   ES7_BASE_PORT_FIRST  first base port tried, default 9209 (HTTP is base+1,
#                        below OpenSearch's 9250 so the two never race for a port)
#
# Works under `set -euo pipefail`: the functions return non-zero on failure and
# never exit the caller's shell themselves.

: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# The JDK, port and Maven helpers (_os_jdk_version, _os_port_free,
# ci_maven_resolve) live there.
# shellcheck source=.ci/opensearch.sh
. "$ROOT/.ci/opensearch.sh"

ES7_RUNNER_VERSION=${ES7_RUNNER_VERSION:-7.10.2.0}
ES7_RUNNER_DIR=${ES7_RUNNER_DIR:-$ROOT/var/es7-runner}
ES7_PID=${ES7_PID:-}
ES7_TMP=${ES7_TMP:-}

_es7_say() { printf '[elasticsearch7] %s\n' "$*" >&2; }
_es7_fail() { printf '\n[elasticsearch7] ERROR: %s\n' "$*" >&2; return 1; }

# Prints a JDK home of Java 17, 21 or 11 (in that order of preference).
_es7_find_jdk() {
  local want c v
  for want in 17 21 11; do
    for c in "${ES7_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
      [ -n "$c" ] && [ -d "$c" ] || continue
      v=$(_os_jdk_version "$c")
      if [ "$v" = "$want" ]; then printf '%s\n' "$c"; return 0; fi
    done
  done
  return 1
}

# The runner's jars, resolved once into $ES7_RUNNER_DIR/lib-VERSION.
_es7_resolve_runner() {
  ci_maven_resolve org.codelibs elasticsearch-cluster-runner \
    "$ES7_RUNNER_VERSION" "$ES7_RUNNER_DIR" elasticsearch7
}

# Starts the node in the background and returns at once; es7_wait waits for it.
es7_start() {
  if [ -n "$ES7_PID" ] && kill -0 "$ES7_PID" 2>/dev/null; then
    _es7_say "already running (pid $ES7_PID)"
    return 0
  fi
  local java_home lib base="" p
  java_home=$(_es7_find_jdk) || {
    _es7_fail "no JDK 17, 21 or 11 found (Elasticsearch 7.10 needs one): set ES7_JAVA_HOME (Debian: apt-get install openjdk-17-jre-headless)"
    return 1
  }
  lib=$(_es7_resolve_runner) || return 1
  for p in $(seq "${ES7_BASE_PORT_FIRST:-9209}" 9248); do
    if _os_port_free "$((p + 1))"; then base=$p; break; fi
  done
  [ -n "$base" ] || { _es7_fail "no free HTTP port in $((${ES7_BASE_PORT_FIRST:-9209} + 1))-9249"; return 1; }

  ES7_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ci-es7.XXXXXX") || return 1
  mkdir -p "$ES7_TMP/config"
  cat >"$ES7_TMP/config/elasticsearch.yml" <<'EOF'
network.host: 127.0.0.1
# Alone: never look for (or join) another node on this machine, such as OpenSearch's.
discovery.type: single-node
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: true
EOF
  "$java_home/bin/java" \
    -Xms"${ES7_HEAP:-512m}" -Xmx"${ES7_HEAP:-512m}" \
    -XX:+UseG1GC -Xss1m \
    -Djava.io.tmpdir="$ES7_TMP" \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
    -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
    -cp "$lib/*" org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner \
    -basePath "$ES7_TMP/home" -confPath "$ES7_TMP/config" \
    -numOfNode 1 -baseHttpPort "$base" -clusterName ci-es7 \
    </dev/null >"$ES7_TMP/node.log" 2>&1 &
  ES7_PID=$!
  _es7_say "starting Elasticsearch (runner $ES7_RUNNER_VERSION, Java $(_os_jdk_version "$java_home"), pid $ES7_PID) in $ES7_TMP, base port $base"
}

# Waits for yellow health; sets ES7_SEARCH_URL.
es7_wait() {
  local log=$ES7_TMP/node.log http="" url="" t0=$SECONDS
  local deadline=$((SECONDS + ${ES7_START_TIMEOUT:-180}))
  while :; do
    if ! kill -0 "$ES7_PID" 2>/dev/null; then
      tail -n 60 "$log" >&2
      es7_stop
      _es7_fail "the node exited early (last lines above)"
      return 1
    fi
    [ -n "$http" ] || http=$(sed -n 's/^HTTP Port: *\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
    if [ -n "$http" ]; then
      url=http://127.0.0.1:$http
      curl -fsS -m 10 "$url/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1 && break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 60 "$log" >&2
      es7_stop
      _es7_fail "no yellow health at ${url:-?} (last lines above)"
      return 1
    fi
    sleep 1
  done
  ES7_SEARCH_URL=$url
  _es7_say "Elasticsearch $(curl -fsS -m 10 "$url/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' | head -n 1) ready at $url (waited $((SECONDS - t0))s)"
}

es7_stop() {
  local pid=${ES7_PID:-}
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    _es7_say "stopping Elasticsearch (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  fi
  ES7_PID=""
  if [ -n "${ES7_TMP:-}" ] && [ -d "$ES7_TMP" ]; then rm -rf "$ES7_TMP"; fi
  ES7_TMP=""
  return 0
}
