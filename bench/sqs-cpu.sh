#!/usr/bin/env bash
# Measures the server CPU one durable SendMessage costs: wrk sends the same
# 1 KiB SendMessage (AWS JSON 1.0) over 16 connections for 5 s, and the
# server's CPU ticks are read from /proc before and after. Each repetition
# starts a fresh server on an empty data directory on disk. Needs wrk and
# curl.
#
# Usage: bench/sqs-cpu.sh [reps]
set -euo pipefail
reps=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/sluice" "$root/cmd/sluice"
port=14598
endpoint=http://127.0.0.1:$port
body=$(printf '{"QueueUrl":"%s/000000000000/cpu","MessageBody":"%s"}' "$endpoint" "$(head -c 1024 /dev/zero | tr '\0' x)")
cat >"$work/send.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "AmazonSQS.SendMessage"
wrk.body = '$body'
LUA
hz=$(getconf CLK_TCK)
echo "# $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), commit $(git -C "$root" rev-parse --short HEAD)"
for rep in $(seq "$reps"); do
	rm -rf "$work/data"
	"$work/sluice" serve --listen 127.0.0.1:$port --data-dir "$work/data" 2>/dev/null &
	pid=$!
	for _ in $(seq 100); do curl -sf "$endpoint/healthz" >/dev/null && break; sleep 0.1; done
	curl -sf -X POST "$endpoint/" -H 'Content-Type: application/x-amz-json-1.0' \
		-H 'X-Amz-Target: AmazonSQS.CreateQueue' -d '{"QueueName":"cpu"}' >/dev/null
	t0=$(awk '{print $14+$15}' /proc/$pid/stat)
	n=$(wrk -t2 -c16 -d5s -s "$work/send.lua" "$endpoint/" | awk '/requests in/ {print $1}')
	t1=$(awk '{print $14+$15}' /proc/$pid/stat)
	kill "$pid"; wait "$pid" || true
	echo "rep $rep: $n requests, $(( (t1 - t0) * 1000000 / hz / n )) µs of server CPU per request"
done
