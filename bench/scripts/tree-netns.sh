#!/usr/bin/env bash
# Fan-out tree over simulated nodes: one network namespace per node, each link limited with
# tc tbf to 1 Gbit/s each way (../shared/TESTBED.md). Measures distribution time for each
# combination of node count, archive size, tree shape and chunk size against the lower bound
# S/B + ceil(log2 P) x latency. Needs root, iproute2 and a built bench/target/benchmarks.jar: build the
# whole reactor from the root (mvn -B -o -q package -DskipTests), so the jar holds this checkout's
# cache-server and not a snapshot from ~/.m2.
#
#   bench/scripts/tree-netns.sh [--nodes "4 8"] [--mib "64 256"] [--shapes "chain binary 4"]
#                               [--chunks-kib "256 1024 4096"] [--runs 1] [--rate 1gbit] [--warm]
#                               [--stagger SECONDS] [--jar JAR] [--keep-logs DIR] [--out TSV --batch ID]
#
# Time = the coordinator's distribution time: from placing the nodes (every agent joined, so JVM
# start-up up to joining is not in it) to the last node ready. from-start, at the end of the line,
# is from starting the first agent JVM to the last node ready: what a job step waits for. Every
# agent's last line follows each result: when it connected, got its first byte and its last chunk,
# and checked the digest.
# --chunks-kib auto: the chunk launch would use for the tree (ChunkSizing: at most 1 MiB, smaller
# for deep trees). --jar: another build's benchmarks.jar (before/after comparisons). --keep-logs DIR: keep each run's
# agent logs. AGENT_OPTS: extra agent JVM options (e.g. -Xlog:class+load:stdout:tm).
# The agents map the class archive launch would give them (made first if need be, in
# ~/.cache/fanload); FANLOAD_AGENT_CDS=off starts them without it (before/after comparisons).
#
# --out TSV --batch ID: also append each run whose nodes all got ready to TSV as a row of batch ID
# (bench/results/tree-netns.tsv: batch, nodes, mib, shape, chunk_kib, seconds; the header is written
# when TSV is new). The batch's provenance (batch.ID.section, .date, .load, .command) goes into
# tree-netns.properties by hand; bench/scripts/regenerate.sh then shows it in docs/perf/tree.md.
#
# --warm: each agent JVM first moves 128 MiB through a private loopback chain (WarmAgentMain),
# so that the measured time excludes JVM start-up and JIT.
#
# --stagger S: start the agents S seconds apart, as a launcher's start-up skew spreads the nodes'
# first ranks (default 0: all at once, which on this 2-core machine runs four JVM start-ups and
# their JIT on the same cores as the transfer). The last agent to start is the chain's tail and
# is still cold when it is placed.
#
# Everything it creates (namespaces fltree-*, bridge fltbr0 on 10.78.0.0/24, /dev/shm/fltree-*,
# processes) is removed on exit, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."

nodes_list="4 8"; mib_list="64 256"; shapes="chain binary 4"; chunks="256 1024 4096"; runs=1; rate=1gbit
jar=bench/target/benchmarks.jar; keep_logs=; stagger=0; out=; batch=
agent_main=io.fanload.server.agent.AgentMain
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes_list=$2; shift 2 ;;
    --mib) mib_list=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --chunks-kib) chunks=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --warm) agent_main=io.fanload.bench.tree.WarmAgentMain; shift ;;
    --stagger) stagger=${2:-}; shift $(( $# > 1 ? 2 : 1 )) ;;
    --jar) jar=$2; shift 2 ;;
    --keep-logs) keep_logs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    *) echo "tree-netns.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -z "$out" ] || [[ "$batch" =~ ^[a-z0-9-]+$ ]] || { echo "tree-netns.sh: --out needs --batch ID (lower-case letters, digits, '-')" >&2; exit 2; }
[[ "$stagger" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "tree-netns.sh: --stagger takes seconds (e.g. 0.7), not '$stagger'" >&2; exit 2; }
for chunk in $chunks; do
  [[ "$chunk" =~ ^([1-9][0-9]*|auto)$ ]] || { echo "tree-netns.sh: --chunks-kib takes KiB or auto (e.g. \"256 1024 auto\"), not '$chunk'" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "tree-netns.sh: needs root (network namespaces, tc)" >&2; exit 2; }
if ! command -v ip >/dev/null || ! command -v tc >/dev/null; then
  echo "tree-netns.sh: needs iproute2 (apt-get install iproute2)" >&2; exit 2
fi
[ -f "$jar" ] || { echo "tree-netns.sh: build $jar first (see the header of this script)" >&2; exit 2; }
java=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
# The agents run with the options launch gives them (AgentMain.JVM_OPTIONS), plus AGENT_OPTS.
# (read -a: the options hold method patterns with '*', which must not meet pathname expansion.)
read -r -a agent_jvm <<< "$("$java" -cp "$jar" io.fanload.bench.tree.AgentJvmOptions || echo "-Xmx512m -XX:+UseSerialGC")"

subnet=10.78.0
bridge=fltbr0
max_nodes=0; for n in $nodes_list; do [ "$n" -gt "$max_nodes" ] && max_nodes=$n; done
work=$(mktemp -d /tmp/fltree.XXXXXX)
pids=()

# One TSV row from the coordinator's result line ("netns nodes=4 shape=chain chunk=1024KiB size=64MiB
# ready=4 time=0.688s ..."), none when a node did not get ready. A K-ary shape is written "K-ary".
tsv_row() {
  awk -v batch="$1" '/^netns / {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    if (v["ready"] != v["nodes"]) exit
    shape = v["shape"]
    if (shape == "1") shape = "chain"; else if (shape == "2") shape = "binary"; else if (shape ~ /^[0-9]+$/) shape = shape "-ary"
    sub(/KiB$/, "", v["chunk"]); sub(/MiB$/, "", v["size"]); sub(/s$/, "", v["time"])
    printf "%s\t%s\t%s\t%s\t%s\t%s\n", batch, v["nodes"], v["size"], shape, v["chunk"], v["time"]
    exit
  }'
}

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  for i in $(seq 1 "$max_nodes"); do
    ip netns del "fltree-$i" 2>/dev/null
    ip link del "flt${i}a" 2>/dev/null
    rm -rf "/dev/shm/fltree-$i"
  done
  ip link del "$bridge" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip link add "$bridge" type bridge
ip addr add "$subnet.254/24" dev "$bridge"
ip link set "$bridge" up
for i in $(seq 1 "$max_nodes"); do
  ns=fltree-$i
  ip netns add "$ns"
  ip link add "flt${i}a" type veth peer name "flt${i}b"
  ip link set "flt${i}b" netns "$ns"
  ip link set "flt${i}a" master "$bridge" up
  ip -n "$ns" addr add "$subnet.$i/24" dev "flt${i}b"
  ip -n "$ns" link set "flt${i}b" up
  ip -n "$ns" link set lo up
  # Both directions of the node's link: its egress inside the namespace, its ingress as the
  # bridge side's egress.
  ip netns exec "$ns" tc qdisc add dev "flt${i}b" root tbf rate "$rate" burst 256kb latency 10ms
  tc qdisc add dev "flt${i}a" root tbf rate "$rate" burst 256kb latency 10ms
done

# Per-hop latency: the kernel has no netem, so no delay is injected; a veth hop through the
# bridge costs tens of microseconds. LATENCY_US (default 50) is the figure used in the bound.
latency_us=${LATENCY_US:-50}
link_mbit=$(echo "$rate" | sed -E 's/gbit$/000/; s/mbit$//')
echo "# $(date -u +%FT%TZ) rate=$rate one-way-latency=${latency_us}us cpus=$(nproc) load=$(cut -d' ' -f1 /proc/loadavg) agent=$agent_main stagger=${stagger}s jvm=${agent_jvm[*]} ${AGENT_OPTS:-} jar=$jar"

for mib in $mib_list; do
  src=$work/archive-$mib.bin
  head -c "$((mib << 20))" /dev/urandom > "$src"
  for nodes in $nodes_list; do
    for shape in $shapes; do
      for chunk in $chunks; do
        for run in $(seq 1 "$runs"); do
          rm -f "$work/port" "$work/secret" "$work/agents-started"
          "$java" -cp "$jar" io.fanload.bench.tree.NetnsCoordinator "$src" "$nodes" "$shape" "$chunk" \
            "$subnet.254" "$work/secret" "$work/port" "$link_mbit" "$latency_us" "$work/agents-started" \
            > "$work/coordinator.out" 2> "$work/coordinator.err" &
          coord=$!; pids+=("$coord")
          for _ in $(seq 1 300); do [ -f "$work/port" ] && break; sleep 0.1; done
          [ -f "$work/port" ] || { echo "coordinator did not start:" >&2; cat "$work/coordinator.err" >&2; exit 1; }
          port=$(cat "$work/port")
          agents=()
          date +%s.%N > "$work/agents-started"
          for i in $(seq 1 "$nodes"); do
            # shellcheck disable=SC2086  # AGENT_OPTS holds several JVM options: split on purpose
            FANLOAD_SECRET_FILE=$work/secret ip netns exec "fltree-$i" "$java" "${agent_jvm[@]}" ${AGENT_OPTS:-} \
              -cp "$jar" "$agent_main" --coordinator "$subnet.254:$port" --node-id "n$i" \
              --local-dir "/dev/shm/fltree-$i" --advertise "$subnet.$i" --bind "$subnet.$i" --archive-only \
              > "$work/agent-$i.log" 2>&1 &
            agents+=($!); pids+=($!)
            [ "$i" = "$nodes" ] || sleep "$stagger"
          done
          wait "$coord" || { echo "coordinator failed:" >&2; cat "$work/coordinator.err" >&2; exit 1; }
          for a in "${agents[@]}"; do wait "$a" || true; done
          cat "$work/coordinator.out"
          if [ -n "$out" ]; then
            [ -s "$out" ] || printf 'batch\tnodes\tmib\tshape\tchunk_kib\tseconds\n' > "$out"
            tsv_row "$batch" < "$work/coordinator.out" >> "$out"
          fi
          # Each agent's last line: where its time went (connected, first byte, last chunk, digest).
          grep -h "^fanload-agent .*: ready" "$work"/agent-*.log | sort | sed 's/^/  # /' || true
          if [ -n "$keep_logs" ]; then
            keep="$keep_logs/p$nodes-$mib-$shape-$chunk-$run"; mkdir -p "$keep"
            cp "$work"/agent-*.log "$work/coordinator.out" "$work/coordinator.err" "$keep/"
          fi
          # Anything an agent or the coordinator logged beyond its normal last line.
          grep -h "WARNING\|INFO: fanload" "$work"/agent-*.log "$work/coordinator.err" 2>/dev/null | grep -v "^Nov\|^[A-Z][a-z][a-z] [0-9]" | sed 's/^/  # /' | head -20 || true
        done
      done
    done
  done
  rm -f "$src"
done
