#!/usr/bin/env bash
# Tokenvault benchmarks (figures, never pass/fail tests). See bench/README.md.
#
#   bench/run.sh [token-api|concurrent-refresh|all|key-rotation] [--db h2|postgresql] [--build] [--profile]
#
#   token-api           token API (cached valid token) vs a bare JAX-RS endpoint in the same server, interleaved rounds
#   concurrent-refresh  1,000 callers over 100 expired connections: provider token calls, callers served
#   all                 both, on one server (default)
#   key-rotation        seeds BENCH_ROTATION_ROWS connections over JDBC, times a raw batched JDBC UPDATE of them, then
#                       the product's rotate-encryption-key job over them (alone, then under token-API load), with
#                       the server's heap sampled; not part of "all"
#   --db h2|postgresql  key-rotation only: the embedded H2 database (default) or PostgreSQL (BENCH_PG_URL, schema
#                       BENCH_PG_SCHEMA, dropped and created per run) with the ear/target/server-postgresql server
#   --build             build the product first (mvn -DskipTests package); default: use ear/target as it is and
#                       build only when ear/target/tokenvault.ear or ear/target/server is missing
#   --nodes 2           PostgreSQL: two Tokenvault nodes (the clustered server-postgresql, port offsets +0 and +10)
#                       behind WildFly's own load balancer (an Undertow reverse proxy, offset +20); every request goes
#                       through the balancer. token-api adds the endpoint token-direct (the token API straight to node
#                       A, no balancer): token vs token-direct is two balanced nodes vs one node. On 2 cores this
#                       measures the balancer's and the second node's overhead, not a gain. key-rotation: the job runs
#                       on one node while both serve the token load.
#   --profile           after the measured token-API rounds, one more (uncounted) token round during which thread
#                       dumps of the server are taken back to back and summarised (where its request threads were),
#                       and one thread dump during the concurrent refresh; files in bench/results/<stamp>-profile/.
#                       key-rotation: async-profiler CPU samples of the server during the first (quiet) rotation
#
# Knobs (environment): BENCH_PORT_OFFSET (300: HTTP 8380, management 10290), BENCH_ROUNDS (5), BENCH_DURATION (10s),
# BENCH_WARMUP (20s per endpoint and pass, 4 connections), BENCH_WARMUP_PASSES (2), BENCH_ENDPOINTS ("bare
# bare-secured token"; add bare-default-jsonb for RESTEasy's default JSON-B), BENCH_THREADS (2), BENCH_CONNECTIONS (32),
# BENCH_VAULT_CONNECTIONS (100), BENCH_REFRESH_CONNECTIONS (100), BENCH_REFRESH_CALLERS (10 per connection),
# BENCH_PROVIDER_LATENCY_MS (200: how long the simulated token endpoint takes in the concurrent-refresh benchmark),
# BENCH_HEAP (1g), BENCH_KEEP (0: delete the scratch server directory at the end).
# key-rotation: BENCH_ROTATION_ROWS (1000000), BENCH_ROTATION_CHUNK (500: the job's chunk size and the raw UPDATE's
# batch size), BENCH_ROTATION_THREADS and BENCH_ROTATION_RANGES (empty: the job's defaults), BENCH_ROTATION_UNDER_LOAD
# (1: a second rotation while wrk calls the token API), BENCH_ROTATION_ROUND (5s: wrk round length during it),
# BENCH_ROTATION_ANALYZE (1: ANALYZE the connection table after seeding, as autovacuum would later),
# BENCH_PG_URL (jdbc:postgresql://127.0.0.1:5432/test), BENCH_PG_SCHEMA (tv_bench), BENCH_PG_USER (postgres),
# BENCH_PG_PASSWORD (postgres).
set -Eeuo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

WHAT=all
BUILD=0
PROFILE=0
DB=h2
NODES=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        token-api|concurrent-refresh|all|key-rotation) WHAT=$1 ;;
        --build) BUILD=1 ;;
        --profile) PROFILE=1 ;;
        --db) [[ $# -ge 2 ]] || { echo "--db needs h2 or postgresql" >&2; exit 2; }; DB=$2; shift ;;
        --db=*) DB=${1#--db=} ;;
        --nodes) [[ $# -ge 2 ]] || { echo "--nodes needs 1 or 2" >&2; exit 2; }; NODES=$2; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $DB =~ ^(h2|postgresql)$ ]] || { echo "--db must be h2 or postgresql, not $DB" >&2; exit 2; }
[[ $NODES =~ ^[12]$ ]] || { echo "--nodes must be 1 or 2, not $NODES" >&2; exit 2; }
[[ $NODES == 1 || $WHAT == token-api || $WHAT == key-rotation ]] \
    || { echo "--nodes 2 applies to token-api and key-rotation" >&2; exit 2; }
# two nodes share a database: PostgreSQL
[[ $NODES == 2 ]] && DB=postgresql
[[ $DB == h2 || $WHAT == key-rotation || $NODES == 2 ]] || { echo "--db applies to key-rotation only" >&2; exit 2; }

OFFSET=${BENCH_PORT_OFFSET:-300}
HTTP_PORT=$((8080 + OFFSET))
MGMT_PORT=$((9990 + OFFSET))
ROUNDS=${BENCH_ROUNDS:-5}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-20s}
WARMUP_PASSES=${BENCH_WARMUP_PASSES:-2}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
VAULT_CONNECTIONS=${BENCH_VAULT_CONNECTIONS:-100}
REFRESH_CONNECTIONS=${BENCH_REFRESH_CONNECTIONS:-100}
REFRESH_CALLERS=${BENCH_REFRESH_CALLERS:-10}
PROVIDER_LATENCY_MS=${BENCH_PROVIDER_LATENCY_MS:-200}
HEAP=${BENCH_HEAP:-1g}
ROTATION_RAW_IN_SERVER=${BENCH_ROTATION_RAW_IN_SERVER:-1}
PROFILE_EVENT=${BENCH_PROFILE_EVENT:-cpu}
ROTATION_ROWS=${BENCH_ROTATION_ROWS:-1000000}
ROTATION_CHUNK=${BENCH_ROTATION_CHUNK:-500}
ROTATION_THREADS=${BENCH_ROTATION_THREADS:-}
ROTATION_RANGES=${BENCH_ROTATION_RANGES:-}
ROTATION_UNDER_LOAD=${BENCH_ROTATION_UNDER_LOAD:-1}
ROTATION_ROUND=${BENCH_ROTATION_ROUND:-5s}
ROTATION_ANALYZE=${BENCH_ROTATION_ANALYZE:-1}
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_SCHEMA=${BENCH_PG_SCHEMA:-tv_bench}
PG_USER=${BENCH_PG_USER:-postgres}
PG_PASSWORD=${BENCH_PG_PASSWORD:-postgres}
VAULT=http://127.0.0.1:$HTTP_PORT
NODE_A=$VAULT
if [[ $NODES == 2 ]]; then
    NODE_B_OFFSET=$((OFFSET + 10))
    LB_OFFSET=$((OFFSET + 20))
    VAULT=http://127.0.0.1:$((8080 + LB_OFFSET))
fi
# bare: the baseline of the targets (one shared Jsonb); bare-secured: the same behind the product's kind of security
# set-up (Jakarta Security mechanism + identity store, both trivial; @RolesAllowed); token: the token API; optionally
# bare-default-jsonb: the bare resource with RESTEasy's default JSON-B handling (a new Jsonb per request: what an
# application without a ContextResolver<Jsonb> pays, as the product did until it got one)
read -r -a ENDPOINTS <<<"${BENCH_ENDPOINTS:-bare bare-secured token}"
for e in "${ENDPOINTS[@]}"; do
    [[ $e =~ ^(bare|bare-secured|bare-default-jsonb|token)$ ]] \
        || { echo "unknown endpoint in BENCH_ENDPOINTS: $e" >&2; exit 2; }
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=$BENCH_DIR/results
RESULT=$RESULTS_DIR/$STAMP.txt
mkdir -p "$RESULTS_DIR"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------- clean-up
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tokenvault-bench.XXXXXX")
SERVER_PGID=""
SIM_PGID=""

stop_group() { # pgid, what
    local pgid=$1
    kill -TERM -- "-$pgid" 2>/dev/null || return 0
    for _ in $(seq 1 30); do
        kill -0 -- "-$pgid" 2>/dev/null || return 0
        sleep 0.5
    done
    log "$2 did not stop on TERM; killing process group $pgid"
    kill -KILL -- "-$pgid" 2>/dev/null || true
}

stop_server() { # CLI :shutdown, then the process group
    if [[ -n "$SERVER_PGID" ]] && kill -0 -- "-$SERVER_PGID" 2>/dev/null; then
        log "stopping the benchmark server"
        timeout 60 "$WORK/server/bin/jboss-cli.sh" --controller=127.0.0.1:$MGMT_PORT -c --command=:shutdown \
            >/dev/null 2>&1 || true
        for _ in $(seq 1 40); do
            kill -0 -- "-$SERVER_PGID" 2>/dev/null || break
            sleep 0.5
        done
        stop_group "$SERVER_PGID" "the server"
    fi
    [[ $NODES == 2 ]] && stop_others
    return 0
}

NODE_B_PGID=""
LB_PGID=""
stop_others() { # the second node and the balancer (two-node runs)
    [[ -n "$NODE_B_PGID" ]] && stop_group "$NODE_B_PGID" "node B"
    [[ -n "$LB_PGID" ]] && stop_group "$LB_PGID" "the load balancer"
    NODE_B_PGID=""
    LB_PGID=""
}

BG_PIDS=()
cleanup() {
    local rc=$?
    # finish cleaning up even if interrupted again, and even if the output pipe (tee) is gone
    trap '' INT TERM PIPE
    trap - EXIT
    for pid in "${BG_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    stop_server
    stop_others
    if [[ -n "$SIM_PGID" ]]; then
        stop_group "$SIM_PGID" "the provider simulator"
    fi
    if [[ $rc -ne 0 && -n "$SERVER_PGID" && -f "$WORK/server/standalone/log/server.log" ]]; then
        cp "$WORK/server/standalone/log/server.log" "$RESULTS_DIR/$STAMP-server.log" 2>/dev/null \
            && log "server log kept in $RESULTS_DIR/$STAMP-server.log"
    fi
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
        log "scratch directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------------------------------------------ prerequisites
command -v java >/dev/null || die "java not found"
command -v mvn >/dev/null || die "mvn not found"
if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    if [[ $(id -u) -eq 0 ]]; then
        (apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }) >/dev/null \
            || die "could not install wrk"
    else
        (sudo apt-get install -y -qq wrk || { sudo apt-get update -qq && sudo apt-get install -y -qq wrk; }) >/dev/null \
            || die "could not install wrk (apt-get install wrk as root)"
    fi
fi
for port in $HTTP_PORT $MGMT_PORT $([[ $NODES == 2 ]] && echo $((8080 + NODE_B_OFFSET)) $((9990 + NODE_B_OFFSET)) $((8080 + LB_OFFSET)) $((9990 + LB_OFFSET))); do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
        die "port $port is in use (another server on port offset $OFFSET?); set BENCH_PORT_OFFSET"
    fi
done

mvn_package() { # extra mvn arguments...; offline first, then online; the output only when it failed
    mvn -B -o -q -DskipTests package "$@" >"$WORK/mvn.log" 2>&1 \
        || mvn -B -q -DskipTests package "$@" >"$WORK/mvn.log" 2>&1 \
        || { cat "$WORK/mvn.log" >&2; return 1; }
}
EAR=$ROOT/ear/target/tokenvault.ear
SERVER_SRC=$ROOT/ear/target/server
[[ $DB == postgresql ]] && SERVER_SRC=$ROOT/ear/target/server-postgresql
# the baseline WARs: both for the token-API benchmarks; bench.war's raw UPDATE inside the server for the key rotation
WARS=(bench.war bench-secured.war)
[[ $WHAT == key-rotation ]] && WARS=(bench.war)
SIM_JAR=$(ls "$ROOT"/provider-simulator/target/provider-simulator-*-standalone.jar 2>/dev/null | head -1 || true)
if [[ $BUILD == 1 || ! -f $EAR || ! -d $SERVER_SRC/bin || -z "$SIM_JAR" ]]; then
    log "building the product (mvn -DskipTests package)"
    (cd "$ROOT" && mvn_package) || die "product build failed"
    SIM_JAR=$(ls "$ROOT"/provider-simulator/target/provider-simulator-*-standalone.jar | head -1)
fi
if [[ ${#WARS[@]} -gt 0 ]]; then
    log "building the baseline WARs (mvn -f bench/pom.xml package)"
    rm -rf "$BENCH_DIR/target"
    (cd "$ROOT" && mvn_package -f bench/pom.xml) || die "bench WAR build failed"
fi

# Copies, so that a build running meanwhile cannot pull the server or the EAR from under the benchmark. A build may
# be re-provisioning ear/target/server right now: copy only once its files and the EAR have been left alone for a
# while, check the copy, and try again if something changed during the copy.
recently_changed() { # files of the provisioned server (not its runtime data) or the EAR changed in the last 20 s
    [[ -n $(find "$SERVER_SRC/bin" "$SERVER_SRC/modules" "$SERVER_SRC/jboss-modules.jar" \
        "$SERVER_SRC/standalone/configuration/standalone.xml" "$EAR" -newermt '-20 seconds' -print -quit 2>/dev/null) ]] \
        || [[ ! -f $SERVER_SRC/standalone/configuration/standalone.xml || ! -f $EAR ]]
}
copied=0
for attempt in $(seq 1 40); do
    if recently_changed; then
        (( attempt == 1 )) && log "ear/target is being rebuilt; waiting until it has been left alone for 20 s"
        sleep 10
        continue
    fi
    rm -rf "$WORK/server"
    cp -a "$SERVER_SRC" "$WORK/server" 2>/dev/null || { sleep 5; continue; }
    cp "$EAR" "$WORK/tokenvault.ear" || { sleep 5; continue; }
    if recently_changed || ! grep -q 'TokenvaultDS' "$WORK/server/standalone/configuration/standalone.xml" \
        || ! unzip -tqq "$WORK/tokenvault.ear" >/dev/null 2>&1; then
        sleep 10
        continue
    fi
    copied=1
    break
done
[[ $copied == 1 ]] || die "could not get a complete copy of ear/target/server and the EAR (a build kept changing them)"
rm -rf "$WORK/server/standalone/data" "$WORK/server/standalone/log" "$WORK/server/standalone/tmp" \
    "$WORK/server/standalone/configuration/standalone_xml_history"
find "$WORK/server/standalone/deployments" -mindepth 1 ! -name README.txt -exec rm -rf {} +
cp "$SIM_JAR" "$WORK/provider-simulator.jar"
if [[ $NODES == 2 ]]; then
    cp -a "$WORK/server" "$WORK/server-b"
    # the balancer: a copy of the H2 server without the application, with a reverse proxy over both nodes
    cp -a "$ROOT/ear/target/server" "$WORK/lb"
    rm -rf "$WORK/lb/standalone/data" "$WORK/lb/standalone/log" "$WORK/lb/standalone/tmp"
    find "$WORK/lb/standalone/deployments" -mindepth 1 ! -name README.txt -exec rm -rf {} +
    sed -e "s/\${bench.node.a.port}/$HTTP_PORT/" -e "s/\${bench.node.b.port}/$((8080 + NODE_B_OFFSET))/" \
        "$BENCH_DIR/tools/load-balancer.cli" >"$WORK/lb.cli"
    "$WORK/lb/bin/jboss-cli.sh" --file="$WORK/lb.cli" >"$WORK/lb-cli.out" 2>&1 \
        || die "could not configure the load balancer: $(cat "$WORK/lb-cli.out")"
fi

# ------------------------------------------------------------------------------------------------ results file header
# tee ignores INT and TERM so that it outlives a Ctrl-C and still records the clean-up; it ends with this script
exec > >(trap '' INT TERM; exec tee -a "$RESULT") 2>&1
GIT_REV=$(git -C "$ROOT" --no-optional-locks describe --always --dirty 2>/dev/null || echo unknown)
echo "Tokenvault benchmark $STAMP ($WHAT$([[ $WHAT == key-rotation ]] && echo ", $DB")$([[ $NODES == 2 ]] && echo ", two nodes behind a load balancer, PostgreSQL"))"
echo "  commit $GIT_REV; EAR built $(date -u -r "$EAR" +%Y-%m-%dT%H:%M:%SZ)"
echo "  machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB, $(uname -sr);" \
    "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  java: $(java -version 2>&1 | head -1); server heap $HEAP; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "  load generator and server on the same machine; figures on a shared machine are noisy"

# ------------------------------------------------------------------------------------------------ provider simulator
bench_java() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$BENCH_DIR/tools/VaultBench.java" "$@"; }

# key-rotation's seeding tool runs on the benchmarked EAR's own jars (tokenvault-ejb.jar: KeyRing; lib/: Tink,
# protobuf, gson) and the server's JDBC driver module, so that it seals exactly as the server does
ROTATION_CP=""
rotation_classpath() {
    [[ -n $ROTATION_CP ]] && return 0
    local dir=$WORK/rotation-cp driver
    mkdir -p "$dir"
    unzip -oq "$WORK/tokenvault.ear" 'tokenvault-ejb.jar' 'lib/*.jar' -d "$dir" || die "cannot unpack the EAR's jars"
    if [[ $DB == postgresql ]]; then
        driver=$(find "$WORK/server/modules" -name 'postgresql-*.jar' | head -1)
    else
        driver=$(find "$WORK/server/modules" -name 'h2-*.jar' | head -1)
    fi
    [[ -n $driver ]] || die "no $DB JDBC driver in the server's modules"
    ROTATION_CP="$dir/tokenvault-ejb.jar:$(ls "$dir"/lib/*.jar | paste -sd:):$driver:$BENCH_DIR/target/classes"
}
rotation_java() { java -Xmx1g -XX:+UseParallelGC -cp "$ROTATION_CP" "$BENCH_DIR/tools/RotationBench.java" "$@"; }

log "starting the provider simulator"
setsid java -Xmx512m -jar "$WORK/provider-simulator.jar" --port 0 >"$WORK/sim.out" 2>&1 &
SIM_PGID=$!
SIM=""
for _ in $(seq 1 100); do
    SIM=$(grep -m1 -o 'http://[0-9.:]*' "$WORK/sim.out" || true)
    [[ -n "$SIM" ]] && break
    kill -0 "$SIM_PGID" 2>/dev/null || die "provider simulator exited: $(cat "$WORK/sim.out")"
    sleep 0.2
done
[[ -n "$SIM" ]] || die "provider simulator printed no URL"
log "provider simulator at $SIM"

# the token API benchmark's provider client issues 24 h tokens, so that every call is served from the cache
TOKEN_CLIENT=bench-tokens-client
TOKEN_LENGTH=$(bench_java provider-client --sim "$SIM" --client "$TOKEN_CLIENT" --lifetime 86400)

# --------------------------------------------------------------------------------------------------------- server
# the key must have the shape of a Tokenvault key (tvk_ + 256 random bits, base64url): other values are accepted
# at bootstrap but refused at authentication
ADMIN_KEY=tvk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
mkdir -p "$WORK/data"
cp "$WORK/tokenvault.ear" "$WORK/server/standalone/deployments/tokenvault.ear"
for war in "${WARS[@]}"; do
    cp "$BENCH_DIR/target/$war" "$WORK/server/standalone/deployments/"
done
if [[ $NODES == 2 ]]; then
    cp "$WORK/server/standalone/deployments/"* "$WORK/server-b/standalone/deployments/"
fi
PG_JDBC_URL="$PG_URL$([[ $PG_URL == *\?* ]] && echo '&' || echo '?')currentSchema=$PG_SCHEMA"
SERVER_PID=""
start_server() { # starts WildFly from the copy and waits until everything is deployed
    log "starting WildFly on port offset $OFFSET (HTTP $HTTP_PORT, management $MGMT_PORT), heap $HEAP"
    START_NS=$(date +%s%N)
    (
        cd "$WORK"
        export TOKENVAULT_ADMIN_KEY=$ADMIN_KEY TOKENVAULT_DATA_DIR=$WORK/data TOKENVAULT_PUBLIC_URL=$VAULT
        if [[ $DB == postgresql ]]; then
            export TOKENVAULT_DB_URL=$PG_JDBC_URL TOKENVAULT_DB_USER=$PG_USER TOKENVAULT_DB_PASSWORD=$PG_PASSWORD
        fi
        export JBOSS_JAVA_SIZING="-Xms$HEAP -Xmx$HEAP" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=$WORK/server.pid
        unset JAVA_OPTS
        exec setsid "$WORK/server/bin/standalone.sh" -Djboss.socket.binding.port-offset=$OFFSET \
            -Djboss.node.name=bench-a -Dbench.bare.tokenLength="$TOKEN_LENGTH" >>"$WORK/server.out" 2>&1
    ) &
    SERVER_PGID=$!
    if [[ $NODES == 2 ]]; then
        start_node_b_and_balancer
    fi
    local wanted=(tokenvault.ear "${WARS[@]}") all w
    for _ in $(seq 1 600); do
        if compgen -G "$DEPLOYMENTS/*.failed" >/dev/null; then
            die "deployment failed: $(cat "$DEPLOYMENTS"/*.failed)"
        fi
        all=1
        for w in "${wanted[@]}"; do [[ -f $DEPLOYMENTS/$w.deployed ]] || all=0; done
        [[ $all == 1 ]] && break
        kill -0 "$SERVER_PGID" 2>/dev/null || die "server exited: $(tail -20 "$WORK/server.out")"
        sleep 0.5
    done
    [[ $all == 1 ]] || die "not deployed after 300 s: $(ls "$DEPLOYMENTS")"
    # on a restart the markers are still there from the first start: also wait until the API answers
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null -H "Authorization: Bearer $ADMIN_KEY" "$VAULT/api/v1/tenants" 2>/dev/null && break
        kill -0 "$SERVER_PGID" 2>/dev/null || die "server exited: $(tail -20 "$WORK/server.out")"
        sleep 0.5
    done
    echo "  server + ${wanted[*]} deployed in $(( ($(date +%s%N) - START_NS) / 1000000 )) ms (informational)"
    SERVER_PID=$(cat "$WORK/server.pid" 2>/dev/null || true)
}
start_node_b_and_balancer() { # node B like node A (after A has migrated the schema), then the balancer
    local deployments=$WORK/server-b/standalone/deployments w all
    for _ in $(seq 1 600); do [[ -f $DEPLOYMENTS/tokenvault.ear.deployed ]] && break; sleep 0.5; done
    log "starting node B on port offset $NODE_B_OFFSET and the load balancer on $LB_OFFSET"
    rm -f "$deployments"/*.deployed "$deployments"/*.failed
    (
        cd "$WORK"
        export TOKENVAULT_ADMIN_KEY=$ADMIN_KEY TOKENVAULT_DATA_DIR=$WORK/data TOKENVAULT_PUBLIC_URL=$VAULT
        export TOKENVAULT_DB_URL=$PG_JDBC_URL TOKENVAULT_DB_USER=$PG_USER TOKENVAULT_DB_PASSWORD=$PG_PASSWORD
        export JBOSS_JAVA_SIZING="-Xms$HEAP -Xmx$HEAP" LAUNCH_JBOSS_IN_BACKGROUND=1
        unset JAVA_OPTS
        exec setsid "$WORK/server-b/bin/standalone.sh" -Djboss.socket.binding.port-offset=$NODE_B_OFFSET \
            -Djboss.node.name=bench-b -Dbench.bare.tokenLength="$TOKEN_LENGTH" >>"$WORK/server-b.out" 2>&1
    ) &
    NODE_B_PGID=$!
    (
        export JBOSS_JAVA_SIZING="-Xms256m -Xmx512m" LAUNCH_JBOSS_IN_BACKGROUND=1
        unset JAVA_OPTS
        exec setsid "$WORK/lb/bin/standalone.sh" -Djboss.socket.binding.port-offset=$LB_OFFSET >>"$WORK/lb.out" 2>&1
    ) &
    LB_PGID=$!
    for _ in $(seq 1 600); do
        all=1
        for w in tokenvault.ear "${WARS[@]}"; do [[ -f $deployments/$w.deployed ]] || all=0; done
        [[ $all == 1 ]] && break
        kill -0 "$NODE_B_PGID" 2>/dev/null || die "node B exited: $(tail -20 "$WORK/server-b.out")"
        sleep 0.5
    done
    [[ $all == 1 ]] || die "node B: not deployed after 300 s"
}
DEPLOYMENTS=$WORK/server/standalone/deployments
if [[ $DB == postgresql ]]; then
    log "PostgreSQL: dropping and creating schema $PG_SCHEMA"
    rotation_classpath
    rotation_java pg-reset --jdbc "$PG_URL" --user "$PG_USER" --password "$PG_PASSWORD" --schema "$PG_SCHEMA" \
        || die "cannot reset schema $PG_SCHEMA at $PG_URL"
fi
start_server

sim_token_calls() {
    curl -fsS "$SIM/sim/counters" | grep -o '"tokenCalls":[0-9]*' | head -1 | cut -d: -f2
}

# ------------------------------------------------------------------------------------------------------ token API

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # all CPUs' busy ticks, then the server's (user + system, all its threads)
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
    awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}
children_cpu() { # CPU seconds used by this script's finished children (wrk), from the times builtin
    times | tail -1 | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } print t }'
}

run_wrk() { # endpoint round duration [threads connections]
    local out=$WORK/tokens/$2-$1.txt before after wrk_before wrk_after t0 t1
    before=$(cpu_ticks); wrk_before=$(children_cpu); t0=$(date +%s%N)
    local base=$VAULT
    [[ $1 == token-direct ]] && base=$NODE_A # two-node runs: the token API of node A alone, not through the balancer
    BENCH_PATHS=$WORK/tokens/$1.paths BENCH_KEY=$WORKER_KEY wrk -t"${4:-$THREADS}" -c"${5:-$CONNECTIONS}" -d"$3" \
        --timeout 10s --latency -s "$BENCH_DIR/tools/post.lua" "$base" >"$out" 2>&1 || { cat "$out"; die "wrk failed"; }
    t1=$(date +%s%N); after=$(cpu_ticks); wrk_after=$(children_cpu)
    # where the machine's CPU went during the round: the server, wrk, and everything else (the noise)
    read -r -d '' total0 server0 <<<"$before" || true
    read -r -d '' total1 server1 <<<"$after" || true
    echo "bench-cpu wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e9 }') clk_tck=$CLK_TCK" \
        "total_ticks=$((total1 - total0)) server_ticks=$((server1 - server0))" \
        "wrk_s=$(awk -v a="$wrk_before" -v b="$wrk_after" 'BEGIN { print b - a }')" >>"$out"
    log "$2 $1: $(grep -o 'Requests/sec: *[0-9.]*' "$out" | tr -s ' '), p99 $(awk '$1=="99%" {print $2}' "$out")"
}

profile_token_round() { # one more token round, not counted, with thread dumps of the server back to back
    local dir=$RESULTS_DIR/$STAMP-profile secs=${DURATION%s}
    [[ $secs =~ ^[0-9]+$ ]] || secs=10
    mkdir -p "$dir"
    (
        sleep 1
        local end=$((SECONDS + secs - 2)) i=0
        while (( SECONDS < end )); do
            i=$((i + 1))
            jstack "$SERVER_PID" >"$dir/token-api-jstack-$i.txt" 2>&1 || true
        done
    ) &
    local dumps=$!
    run_wrk token profile "$DURATION"
    wait "$dumps" || true
}

# async-profiler (Maven Central: tools.profiler:async-profiler), loaded into the server with jcmd: CPU samples of one
# extra round per endpoint, as collapsed stacks, so that bare -> bare-secured -> token can be compared frame by frame
ASYNC_PROFILER_VERSION=4.1
async_profiler_lib() {
    local jar=$HOME/.m2/repository/tools/profiler/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION.jar
    [[ -f $jar ]] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION >&2 || return 1
    mkdir -p "$WORK/async-profiler"
    unzip -oq "$jar" 'linux-x64/libasyncProfiler.so' -d "$WORK/async-profiler" || return 1
    echo "$WORK/async-profiler/linux-x64/libasyncProfiler.so"
}

async_profile_rounds() {
    local dir=$RESULTS_DIR/$STAMP-profile lib e
    mkdir -p "$dir"
    lib=$(async_profiler_lib) || { echo "  async-profiler not available; skipped"; return 0; }
    for e in "${ENDPOINTS[@]}"; do
        bench_java agent-load --pid "$SERVER_PID" --lib "$lib" --options "start,event=cpu,interval=1ms" >/dev/null
        run_wrk "$e" async-profile "$DURATION"
        bench_java agent-load --pid "$SERVER_PID" --lib "$lib" --options "stop,collapsed,file=$dir/$e.collapsed" >/dev/null
    done
    echo "  async-profiler: collapsed CPU stacks per endpoint in ${dir#"$ROOT"/}/<endpoint>.collapsed"
    bench_java profile-summary --dir "$dir" --wrk-dir "$WORK/tokens" --endpoints "$(IFS=,; echo "${ENDPOINTS[*]}")" || true
}

token_api() {
    log "token API: setting up $VAULT_CONNECTIONS connections with cached tokens"
    bench_java setup-token-api --vault "$VAULT" --sim "$SIM" --admin-key "$ADMIN_KEY" --client "$TOKEN_CLIENT" \
        --connections "$VAULT_CONNECTIONS" --out "$WORK/tokens"
    # shellcheck disable=SC1091
    source "$WORK/tokens/env.sh"
    if [[ $NODES == 2 ]]; then
        cp "$WORK/tokens/token.paths" "$WORK/tokens/token-direct.paths"
        ENDPOINTS+=(token-direct)
    fi
    # Warm-up, not counted. Under full load the JIT's compiler threads get a small share of the two cores (32 busy
    # request threads, wrk) and the token API, which runs through much more code than the bare endpoint, is still
    # getting faster minutes later; so first warm up with 4 connections, which leaves the compiler CPU, then once at
    # full concurrency.
    log "token API: warm-up ($WARMUP_PASSES x $WARMUP per endpoint with 4 connections, then $DURATION" \
        "with $CONNECTIONS; not counted)"
    for pass in $(seq 1 "$WARMUP_PASSES"); do
        for e in "${ENDPOINTS[@]}"; do run_wrk "$e" "warmup$pass" "$WARMUP" 1 4; done
    done
    for e in "${ENDPOINTS[@]}"; do run_wrk "$e" warmup-full "$DURATION"; done
    local before after order
    before=$(sim_token_calls)
    for r in $(seq 1 "$ROUNDS"); do
        # odd rounds in one order, even rounds reversed (ABBA...): a slow drift of the machine favours no endpoint
        order=()
        for ((i = 0; i < ${#ENDPOINTS[@]}; i++)); do
            if (( r % 2 == 1 )); then
                order+=("${ENDPOINTS[i]}")
            else
                order+=("${ENDPOINTS[${#ENDPOINTS[@]} - 1 - i]}")
            fi
        done
        for e in "${order[@]}"; do run_wrk "$e" "round$r" "$DURATION"; done
    done
    after=$(sim_token_calls)
    bench_java wrk-report --dir "$WORK/tokens" --rounds "$ROUNDS" --endpoints "$(IFS=,; echo "${ENDPOINTS[*]}")" \
        --duration "$DURATION" --threads "$THREADS" --connections "$CONNECTIONS" --vault-connections "$VAULT_CONNECTIONS"
    echo "  provider token calls during the measured rounds: $((after - before)) (0: every answer came from the cache)"
    if [[ $PROFILE == 1 && -n "$SERVER_PID" ]]; then
        # an extra token round: the recording and the thread dumps would disturb a measured one
        log "token API: one more round ($DURATION, not counted) to profile the server"
        profile_token_round
        echo
        echo "  profile: thread dumps of the server during an extra token round" \
            "(files in ${RESULTS_DIR#"$ROOT"/}/$STAMP-profile/)"
        bench_java jstack-summary --files "$(ls "$RESULTS_DIR/$STAMP-profile"/token-api-jstack-*.txt | paste -sd, -)" || true
        log "token API: one more round per endpoint ($DURATION each, not counted) under async-profiler"
        async_profile_rounds
    fi
}

# ------------------------------------------------------------------------------------------------ concurrent refresh
concurrent_refresh() {
    log "concurrent refresh: $REFRESH_CONNECTIONS connections x $REFRESH_CALLERS callers"
    local dump=()
    if [[ $PROFILE == 1 && -n "$SERVER_PID" ]]; then
        mkdir -p "$RESULTS_DIR/$STAMP-profile"
        dump=(--jstack-pid "$SERVER_PID" --jstack-out "$RESULTS_DIR/$STAMP-profile/concurrent-refresh-jstack.txt")
    fi
    bench_java concurrent-refresh --vault "$VAULT" --sim "$SIM" --admin-key "$ADMIN_KEY" \
        --client bench-refresh-client --connections "$REFRESH_CONNECTIONS" \
        --callers-per-connection "$REFRESH_CALLERS" --provider-latency-ms "$PROVIDER_LATENCY_MS" "${dump[@]}" || true
}

# ------------------------------------------------------------------------------------------------------ key rotation
p99_ms() { # wrk --latency output file: its p99 in ms
    awk '$1 == "99%" { v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
        f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }' "$1"
}

p99_summary() { # label files...: median and max p99 over wrk rounds, requests/s, errors
    local label=$1 f
    shift
    local p99s=() rps=() errs=0
    for f in "$@"; do
        p99s+=("$(p99_ms "$f")")
        rps+=("$(grep -o 'Requests/sec: *[0-9.]*' "$f" | awk '{print $2}')")
        errs=$((errs + $(grep -o 'Non-2xx or 3xx responses: *[0-9]*' "$f" | awk '{print $NF}' || echo 0) + 0))
    done
    local rps_median
    rps_median=$(printf '%s\n' "${rps[@]}" | sort -g | awk '{ v[NR] = $1 } END {
        printf "%.0f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    printf '%s\n' "${p99s[@]}" | sort -g | awk -v label="$label" -v n=$# -v rps="$rps_median" -v e="$errs" \
        -v all="${p99s[*]}" '
        { v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "  %-27s %2d rounds: p99 median %7.2f ms, max %7.2f ms; requests/s median %s; non-2xx %d\n",
            label, n, m, v[NR], rps, e; printf "      p99 per round (ms): %s\n", all; print m > "/dev/stderr" }' \
        2>"$WORK/rotation/p99-$label"
}

rotation_heap_start() { # samples the server's heap every second into FILE
    jstat -gc "$SERVER_PID" 1000 >"$1" 2>&1 &
    HEAP_PID=$!
    BG_PIDS+=("$HEAP_PID")
}
rotation_heap_stop() {
    kill "$HEAP_PID" 2>/dev/null || true
    wait "$HEAP_PID" 2>/dev/null || true
}

rotation_job() { # marker-file: one rotation of the tenant, RESULT lines into $WORK/rotation/job-N.txt
    bench_java rotate --vault "$VAULT" --admin-key "$ADMIN_KEY" --tenant "$ROT_TENANT" \
        --chunk-size "$ROTATION_CHUNK" --threads "$ROTATION_THREADS" --ranges "$ROTATION_RANGES" "$@"
}

rotation_raw_in_server() { # LABEL: 2 raw passes inside the server (bench.war's RawPassResource), on its datasource
    local out=$WORK/rotation/raw-server-$1.txt pass
    : >"$out"
    for pass in 1 2; do # two, so that the key ids the first negates are back as they were
        [[ $DB == postgresql ]] && rotation_java vacuum --jdbc "$PG_JDBC_URL" --user "$PG_USER" --password "$PG_PASSWORD"
        curl -fsS -X POST "$VAULT/bench/raw/passes?tenant=$ROT_TENANT&batch=$ROTATION_CHUNK&pass=$pass" | tee -a "$out"
    done
}

key_rotation() {
    local jdbc user=sa password=sa seed_jdbc dir=$WORK/rotation
    mkdir -p "$dir"
    if [[ $DB == postgresql ]]; then
        jdbc=$PG_JDBC_URL user=$PG_USER password=$PG_PASSWORD
        seed_jdbc="$PG_JDBC_URL&reWriteBatchedInserts=true"
    else
        jdbc="jdbc:h2:file:$WORK/data/tokenvault;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000"
        seed_jdbc=$jdbc
    fi
    echo "  key rotation on $DB: $ROTATION_ROWS connections, chunk $ROTATION_CHUNK, job threads" \
        "${ROTATION_THREADS:-default} and connection ranges ${ROTATION_RANGES:-default}"
    log "key rotation: a tenant with an app and a template connection, through the API"
    bench_java setup-rotation --vault "$VAULT" --sim "$SIM" --admin-key "$ADMIN_KEY" --client "$TOKEN_CLIENT" \
        --out "$dir"
    # shellcheck disable=SC1091
    source "$dir/env.sh"
    WORKER_KEY=$ROT_WORKER_KEY
    # H2 is an embedded file database: the server holds its lock, so seed and time the raw UPDATE with it stopped
    # (on PostgreSQL too, so that both runs do the same)
    stop_server
    rotation_classpath
    log "key rotation: seeding $ROTATION_ROWS connections over JDBC"
    rotation_java seed --jdbc "$seed_jdbc" --user "$user" --password "$password" --data-dir "$WORK/data" \
        --tenant "$ROT_TENANT" --template "$ROT_TEMPLATE" --rows "$ROTATION_ROWS" --batch 1000 \
        --paths 100 --paths-out "$WORK/tokens/token.paths" \
        --analyze "$([[ $ROTATION_ANALYZE == 1 ]] && echo true || echo false)" | tee "$dir/seed.txt"
    log "key rotation: raw JDBC baseline (SELECT page + batched UPDATE of the same columns, $ROTATION_CHUNK rows)"
    rotation_java raw --jdbc "$jdbc" --user "$user" --password "$password" --tenant "$ROT_TENANT" \
        --batch "$ROTATION_CHUNK" --passes 2 | tee "$dir/raw-before.txt"
    start_server

    log "key rotation: token API warm-up on 100 of the seeded connections (not counted)"
    local pass
    for pass in $(seq 1 "$WARMUP_PASSES"); do run_wrk token "warmup$pass" "$WARMUP" 1 4; done
    run_wrk token warmup-full "$DURATION"
    local quiet=() during=() i
    for i in 1 2 3; do run_wrk token "quiet$i" "$ROTATION_ROUND"; quiet+=("$WORK/tokens/quiet$i-token.txt"); done

    if [[ $ROTATION_RAW_IN_SERVER == 1 ]]; then
        log "key rotation: raw JDBC baseline inside the server, before rotation 1 (2 passes)"
        rotation_raw_in_server before
    fi

    local profile_lib="" profile_dir=$RESULTS_DIR/$STAMP-profile
    if [[ $PROFILE == 1 && -n "$SERVER_PID" ]]; then
        mkdir -p "$profile_dir"
        profile_lib=$(async_profiler_lib) || profile_lib=""
        [[ -n $profile_lib ]] && bench_java agent-load --pid "$SERVER_PID" --lib "$profile_lib" \
            --options "start,event=$PROFILE_EVENT,interval=5ms" >/dev/null
    fi
    [[ $DB == postgresql ]] && rotation_java vacuum --jdbc "$jdbc" --user "$user" --password "$password"
    log "key rotation: rotation 1, no other load"
    rotation_heap_start "$dir/heap-1.txt"
    rotation_job | tee "$dir/job-1.txt" || true
    rotation_heap_stop
    if [[ -n $profile_lib ]]; then
        bench_java agent-load --pid "$SERVER_PID" --lib "$profile_lib" \
            --options "stop,collapsed,file=$profile_dir/rotation.collapsed" >/dev/null
        echo "  async-profiler: collapsed CPU stacks of the server during rotation 1 in" \
            "${profile_dir#"$ROOT"/}/rotation.collapsed"
        echo "  the job's threads (stacks through JBeret's ChunkRunner):"
        bench_java collapsed-top --file "$profile_dir/rotation.collapsed" --under ChunkRunner --top 60 || true
    fi
    bench_java heap-summary --file "$dir/heap-1.txt" | tee "$dir/heap-1-summary.txt"
    if [[ $ROTATION_RAW_IN_SERVER == 1 ]]; then
        log "key rotation: raw JDBC baseline inside the server, after rotation 1 (2 passes)"
        rotation_raw_in_server after
    fi

    if [[ $ROTATION_UNDER_LOAD == 1 ]]; then
        [[ $DB == postgresql ]] && rotation_java vacuum --jdbc "$jdbc" --user "$user" --password "$password"
        log "key rotation: rotation 2, with wrk calling the token API in $ROTATION_ROUND rounds meanwhile"
        rotation_heap_start "$dir/heap-2.txt"
        touch "$dir/running"
        rotation_job --marker "$dir/running" >"$dir/job-2.txt" 2>&1 &
        local job=$!
        BG_PIDS+=("$job")
        i=0
        while [[ -f $dir/running ]]; do
            i=$((i + 1))
            run_wrk token "during$i" "$ROTATION_ROUND"
            # a round that overlapped the job's end only partly does not count
            [[ -f $dir/running ]] && during+=("$WORK/tokens/during$i-token.txt")
        done
        wait "$job" || true
        rotation_heap_stop
        cat "$dir/job-2.txt"
        bench_java heap-summary --file "$dir/heap-2.txt" | tee "$dir/heap-2-summary.txt"
        for i in 4 5 6; do run_wrk token "quiet$i" "$ROTATION_ROUND"; quiet+=("$WORK/tokens/quiet$i-token.txt"); done
    fi

    stop_server
    log "key rotation: raw JDBC baseline again, after the rotations"
    rotation_java raw --jdbc "$jdbc" --user "$user" --password "$password" --tenant "$ROT_TENANT" \
        --batch "$ROTATION_CHUNK" --passes 1 | tee "$dir/raw-after.txt"

    # ---- report
    local seed raw1 raw2 raw3 rot1 rot2 heap1 heap2
    seed=$(grep -o 'seed_rows_per_s=[0-9]*' "$dir/seed.txt" | cut -d= -f2 || true)
    raw1=$(grep 'raw_pass=1' "$dir/raw-before.txt" | grep -o 'raw_rows_per_s=[0-9]*' | cut -d= -f2 || true)
    raw2=$(grep 'raw_pass=2' "$dir/raw-before.txt" | grep -o 'raw_rows_per_s=[0-9]*' | cut -d= -f2 || true)
    raw3=$(grep -o 'raw_rows_per_s=[0-9]*' "$dir/raw-after.txt" | cut -d= -f2 || true)
    rot1=$(grep -o 'rotation_rows_per_s=[0-9]*' "$dir/job-1.txt" | cut -d= -f2 || true)
    rot2=$(grep -o 'rotation_rows_per_s=[0-9]*' "$dir/job-2.txt" 2>/dev/null | cut -d= -f2 || true)
    heap1=$(grep -o 'heap_max_used_mb=[0-9]*' "$dir/heap-1-summary.txt" | cut -d= -f2 || true)
    heap2=$(grep -o 'heap_max_used_mb=[0-9]*' "$dir/heap-2-summary.txt" 2>/dev/null | cut -d= -f2 || true)
    local old1 old2
    old1=$(grep -o 'heap_max_old_mb=[0-9]*' "$dir/heap-1-summary.txt" | cut -d= -f2 || true)
    old2=$(grep -o 'heap_max_old_mb=[0-9]*' "$dir/heap-2-summary.txt" 2>/dev/null | cut -d= -f2 || true)
    echo
    echo "  Key rotation on $DB, $ROTATION_ROWS connections (figures; no pass/fail)"
    printf '  %-44s %12s\n' "seeding (JDBC batches of 1000, sealed)" "$seed rows/s"
    printf '  %-44s %12s\n' "raw SELECT+UPDATE, before (pass 1, pass 2)" "$raw1, $raw2 rows/s"
    printf '  %-44s %12s\n' "raw SELECT+UPDATE, after the rotations" "$raw3 rows/s"
    printf '  %-44s %12s\n' "rotation 1 (alone): done / job time" "${rot1:-?} rows/s"
    [[ $ROTATION_UNDER_LOAD == 1 ]] && printf '  %-44s %12s\n' "rotation 2 (under token-API load)" "${rot2:-?} rows/s"
    awk -v r="${rot1:-0}" -v a="${raw2:-0}" -v b="${raw3:-0}" 'BEGIN { m = (a + b) / 2;
        if (m > 0 && r > 0) printf "  rotation 1 / raw (mean of raw pass 2 and after: %.0f rows/s): %.2f\n", m, r / m }'
    if [[ $ROTATION_RAW_IN_SERVER == 1 ]]; then
        local sb1 sb2 sa1 sa2
        sb1=$(grep 'raw_pass=1' "$dir/raw-server-before.txt" | grep -o 'raw_rows_per_s=[0-9]*' | cut -d= -f2 || true)
        sb2=$(grep 'raw_pass=2' "$dir/raw-server-before.txt" | grep -o 'raw_rows_per_s=[0-9]*' | cut -d= -f2 || true)
        sa1=$(grep 'raw_pass=1' "$dir/raw-server-after.txt" | grep -o 'raw_rows_per_s=[0-9]*' | cut -d= -f2 || true)
        sa2=$(grep 'raw_pass=2' "$dir/raw-server-after.txt" | grep -o 'raw_rows_per_s=[0-9]*' | cut -d= -f2 || true)
        printf '  %-44s %12s\n' "raw in the server, before rotation 1 (1, 2)" "$sb1, $sb2 rows/s"
        printf '  %-44s %12s\n' "raw in the server, after rotation 1 (1, 2)" "$sa1, $sa2 rows/s"
        awk -v r="${rot1:-0}" -v a="${sb2:-0}" -v b="${sa1:-0}" 'BEGIN { m = (a + b) / 2;
            if (m > 0 && r > 0) printf "  rotation 1 / raw in the server (mean of the passes either side of it: %.0f rows/s): %.2f (target >= 0.70)\n", m, r / m }'
    fi
    echo "  server heap, max used (jstat, garbage included): rotation 1 ${heap1:-?} MB, rotation 2 ${heap2:-n/a} MB;" \
        "max old generation ${old1:-?} MB, ${old2:-n/a} MB (target < 512 MB; -Xmx $HEAP)"
    p99_summary "token API, no rotation" "${quiet[@]}"
    if [[ ${#during[@]} -gt 0 ]]; then
        p99_summary "token API, during rotation" "${during[@]}"
        awk -v q="$(cat "$dir/p99-token API, no rotation")" -v d="$(cat "$dir/p99-token API, during rotation")" \
            'BEGIN { if (q > 0) printf "  p99 during / without rotation (medians): %.2f (target <= 2.0)\n", d / q }'
    elif [[ $ROTATION_UNDER_LOAD == 1 ]]; then
        echo "  token API during rotation: no complete wrk round fit into rotation 2 (raise the rows)"
    fi
}

mkdir -p "$WORK/tokens"
case "$WHAT" in
    token-api) token_api ;;
    concurrent-refresh) concurrent_refresh ;;
    all) token_api; concurrent_refresh ;;
    key-rotation) key_rotation ;;
esac
echo
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  results written to ${RESULT#"$ROOT"/}"
# a benchmark reports; it does not fail on a missed target (only on a broken run)
exit 0
