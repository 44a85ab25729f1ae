#!/usr/bin/env bash
# Measures durable SQS throughput and latency of sluice with aws-sdk-go-v2
# clients (cmd/sqsbench): SendMessage, SendMessageBatch(10) and a drain with
# ReceiveMessage(10) + DeleteMessageBatch, 16 concurrent clients, 1 KiB
# bodies. Each repetition starts a fresh server on an empty data directory
# on disk (every send and delete fsynced before its answer) and stops it by
# PID. Prints every run and the median of the repetitions.
#
# Usage: bench/sqs.sh [reps] [seconds] [prefill]
set -euo pipefail
reps=${1:-3}
secs=${2:-10}
prefill=${3:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/sluice" "$root/cmd/sluice"
go build -o "$work/sqsbench" "$root/cmd/sqsbench"
port=14599
endpoint=http://127.0.0.1:$port

run() { # mode, extra args...
	local mode=$1; shift
	rm -rf "$work/data"
	"$work/sluice" serve --listen 127.0.0.1:$port --data-dir "$work/data" 2>"$work/server.log" &
	local pid=$!
	for _ in $(seq 100); do curl -sf "$endpoint/healthz" >/dev/null && break; sleep 0.1; done
	"$work/sqsbench" -endpoint "$endpoint" -mode "$mode" -c 16 -size 1024 "$@" | tee -a "$work/results"
	kill "$pid"; wait "$pid" || true
}

echo "# $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), commit $(git -C "$root" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq "$reps"); do
	echo "## repetition $rep"
	run send -dur "${secs}s"
	run sendbatch -dur "${secs}s"
	run recvdel -prefill "$prefill"
done

echo "## medians over $reps repetitions"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for label in "send " "sendbatch " "recvdel "; do
	lines=$(grep "^$label" "$work/results")
	msgs=$(echo "$lines" | sed -E 's/.* ([0-9]+) msgs\/s.*/\1/' | median)
	p50=$(echo "$lines" | sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' | median)
	p99=$(echo "$lines" | sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' | median)
	if [ "$label" = "recvdel " ]; then
		msgs=$(grep '^drained' "$work/results" | sed -E 's/.* = ([0-9]+) msgs\/s/\1/' | median)
	fi
	echo "${label% }: ${msgs} msgs/s, p50 ${p50} ms, p99 ${p99} ms (per request)"
done
