#!/usr/bin/env bash
# Measures sluice's Kinesis API beside kinesalite 3.3.3 in one run, with
# aws-sdk-go-v2 clients (cmd/kinesisbench): PutRecords(500 x 100 B) and
# PutRecord from 16 clients, and a GetRecords drain (Limit 10000, one reader)
# of a prefilled 4-shard stream from TRIM_HORIZON.
#
# For each repetition and each test, every server is started fresh on an
# empty data directory, measured, and stopped by PID, one after the other
# (interleaved). sluice runs on disk in its default durable mode: every
# PutRecords is fsynced before its answer. kinesalite runs in memory and on
# LevelDB (written, never fsynced). kinesalite is installed from npm into a
# temporary directory (bench/kinesalite/package.json pins the version).
#
# Around every run the script records the CPU used by processes other than
# the server and the client ("foreign" CPU, in 1/100 s ticks, from
# /proc/stat minus both): runs with more than ~100 foreign ticks per 10 s
# were disturbed by other work on the machine.
#
# Usage: bench/kinesis.sh [reps] [seconds] [prefill]
# Environment: SLUICE_BIN uses a prebuilt sluice binary instead of building
# cmd/sluice; KINESALITE_MODES picks "mem", "leveldb" or both (default).
set -euo pipefail
reps=${1:-3}
secs=${2:-10}
prefill=${3:-100000}
modes=${KINESALITE_MODES:-mem leveldb}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sluice=${SLUICE_BIN:-$work/sluice}
[ -n "${SLUICE_BIN:-}" ] || go build -o "$sluice" "$root/cmd/sluice"
go build -o "$work/kinesisbench" "$root/cmd/kinesisbench"
mkdir -p "$work/kinesalite"
cp "$root/bench/kinesalite/package.json" "$root/bench/kinesalite/start.js" "$work/kinesalite/"
(cd "$work/kinesalite" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
kver=$(node -p "require('$work/kinesalite/node_modules/kinesalite/package.json').version")

sluice_port=24566
kinesalite_port=24567
servers="sluice"
for m in $modes; do servers="$servers kinesalite-$m"; done

busy_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

# start_server NAME starts a fresh server and sets pid and endpoint.
start_server() {
	local name=$1 data=$work/data port code
	rm -rf "$data"
	mkdir -p "$data"
	case $name in
	sluice)
		port=$sluice_port
		"$sluice" serve --listen 127.0.0.1:$port --data-dir "$data" 2>"$work/server.log" &
		pid=$!
		;;
	kinesalite-mem)
		port=$kinesalite_port
		node "$work/kinesalite/start.js" $port 2>"$work/server.log" &
		pid=$!
		;;
	kinesalite-leveldb)
		port=$kinesalite_port
		node "$work/kinesalite/start.js" $port "$data" 2>"$work/server.log" &
		pid=$!
		;;
	esac
	for _ in $(seq 200); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
		[ "$code" != 000 ] && break
		sleep 0.05
	done
	endpoint=http://127.0.0.1:$port
}

# measure REP TEST SERVER ARGS...: one fresh server, one run, one result row.
measure() {
	local rep=$1 test=$2 name=$3
	shift 3
	local pid endpoint
	start_server "$name"
	local cmd=("$work/kinesisbench" -endpoint "$endpoint" -stream bench "$@")
	local b0 s0 b1 s1 t0 t1 rss out
	t0=$(date +%s%N)
	b0=$(busy_ticks)
	s0=$(proc_ticks "$pid")
	out=$("${cmd[@]}" 2>&1) || echo "run failed: $out" >&2
	b1=$(busy_ticks)
	s1=$(proc_ticks "$pid")
	t1=$(date +%s%N)
	rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	echo "$out" | sed "s|^# kinesisbench|# [$name] kinesisbench|" >>"$work/log"
	local rate p50 p99 client fticks per10
	if [ "$test" = getrecords ]; then
		rate=$(echo "$out" | sed -nE 's/.* = ([0-9]+) records\/s, [0-9]+ calls.*/\1/p')
	else
		rate=$(echo "$out" | sed -nE 's/.* ([0-9]+) records\/s, p50.*/\1/p')
	fi
	p50=$(echo "$out" | sed -nE 's/.*p50 ([0-9.]+) ms.*/\1/p' | tail -1)
	p99=$(echo "$out" | sed -nE 's/.*p99 ([0-9.]+) ms.*/\1/p' | tail -1)
	client=$(echo "$out" | sed -nE 's/^client cpu: ([0-9.]+) s user, ([0-9.]+) s sys/\1 \2/p' | awk '{printf "%d", ($1+$2)*100}')
	fticks=$(((b1 - b0) - (s1 - s0) - ${client:-0}))
	per10=$((fticks * 10000000000 / (t1 - t0)))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$test" "$name" "${rate:-0}" "${p50:-0}" "${p99:-0}" "$per10" >>"$work/results"
	printf 'rep %s %-10s %-18s %7s records/s  p50 %7s ms  p99 %8s ms  %5.1f s  foreign %4s ticks (%4s per 10 s)  server %4s  client %4s ticks  rss %6s kB  load %s\n' \
		"$rep" "$test" "$name" "${rate:-0}" "${p50:-0}" "${p99:-0}" "$(awk -v d=$((t1 - t0)) 'BEGIN {print d/1e9}')" \
		"$fticks" "$per10" "$((s1 - s0))" "${client:-0}" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
}

dirty=$(git -C "$root" status --porcelain --untracked-files=no | wc -l)
echo "# $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), commit $(git -C "$root" rev-parse --short HEAD) ($dirty tracked files modified), node $(node --version), kinesalite $kver"
echo "# bench/kinesis.sh $reps $secs $prefill  (KINESALITE_MODES=\"$modes\") at $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A args=(
	[putrecords]="-mode putrecords -c 16 -dur ${secs}s -batch 500 -size 100 -shards 4"
	[putrecord]="-mode putrecord -c 16 -dur ${secs}s -size 100 -shards 4"
	[getrecords]="-mode getrecords -c 16 -batch 500 -size 100 -shards 4 -prefill $prefill -limit 10000 -readers 1"
)
tests="putrecords putrecord getrecords"
for rep in $(seq "$reps"); do
	for test in $tests; do
		for name in $servers; do
			# shellcheck disable=SC2086 # args are words
			measure "$rep" "$test" "$name" ${args[$test]}
		done
	done
done

echo
echo "## commands (endpoint per server: sluice 127.0.0.1:$sluice_port, kinesalite 127.0.0.1:$kinesalite_port)"
for test in $tests; do echo "kinesisbench -endpoint <endpoint> -stream bench ${args[$test]}"; done
echo
echo "## medians over $reps repetitions (records/s; all runs in brackets; p50/p99 per request or GetRecords call, medians)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for test in $tests; do
	ref=""
	for name in $servers; do
		rows=$(awk -F'\t' -v t="$test" -v n="$name" '$2==t && $3==n' "$work/results")
		rate=$(echo "$rows" | cut -f4 | median)
		all=$(echo "$rows" | cut -f4 | paste -sd/)
		p50=$(echo "$rows" | cut -f5 | median)
		p99=$(echo "$rows" | cut -f6 | median)
		foreign=$(echo "$rows" | cut -f7 | paste -sd/)
		[ "$name" = sluice ] && ref=$rate
		ratio=""
		if [ "$name" != sluice ] && [ "${rate:-0}" -gt 0 ]; then
			ratio=$(awk -v a="$ref" -v b="$rate" -v n="$name" 'BEGIN {printf "sluice/%s = %.1fx", n, a/b}')
		fi
		printf '%-10s %-18s %8s  [%s]  p50 %s ms  p99 %s ms  foreign ticks/10 s %s  %s\n' \
			"$test" "$name" "$rate" "$all" "$p50" "$p99" "$foreign" "$ratio"
	done
done
