#!/usr/bin/env bash
# Shows a queue smoothing a burst: 20,000 messages sent in about 2 seconds
# to a queue with SluiceDeliveryRate=1000, consumed by 4 separate consumer
# processes (cmd/sqsbench -mode consume, ReceiveMessage(10) long polls +
# DeleteMessageBatch, 4 clients each). Starts a fresh durable server on
# 127.0.0.1, stops everything it started by PID, and prints the series of
# messages sent and delivered (all 4 consumers together) per wall-clock
# second, then the median delivered per second while the backlog drained.
#
# Usage: bench/flatrate.sh [messages] [rate] [send-seconds]
set -euo pipefail
messages=${1:-20000}
rate=${2:-1000}
send_secs=${3:-2}
consumers=4
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/sluice" "$root/cmd/sluice"
go build -o "$work/sqsbench" "$root/cmd/sqsbench"
port=14598
endpoint=http://127.0.0.1:$port
# Every process run here stops by itself well within this bound.
bound=$((messages / rate + 60))

"$work/sluice" serve --listen 127.0.0.1:$port --data-dir "$work/data" 2>"$work/server.log" &
server=$!
pids+=("$server")
for _ in $(seq 100); do curl -sf "$endpoint/healthz" >/dev/null && break; sleep 0.1; done

echo "# $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), commit $(git -C "$root" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
common=(-endpoint "$endpoint" -queue flatrate -attributes "SluiceDeliveryRate=$rate" -size 256)
consumer_pids=()
for i in $(seq "$consumers"); do
	timeout "$bound" "$work/sqsbench" "${common[@]}" -mode consume -c 4 -dur "${bound}s" -idle 5s >"$work/consumer$i" &
	consumer_pids+=($!)
	pids+=($!)
done
sleep 1 # the consumers are long polling the empty queue
timeout "$bound" "$work/sqsbench" "${common[@]}" -mode burst -c 8 -messages "$messages" -dur "${send_secs}s" >"$work/sender"
for pid in "${consumer_pids[@]}"; do wait "$pid"; done
kill "$server"; wait "$server" || true

grep -h '^sent \|^received ' "$work/sender" "$work"/consumer*
cat "$work/sender" "$work"/consumer* | awk -v rate="$rate" '
	$1 == "second" { secs[$2] = 1; count[$2, $3] += $4; if (first == "" || $2 < first) first = $2; if ($2 > last) last = $2 }
	END {
		print "second  sent  delivered"
		for (s = first; s <= last; s++) {
			printf "%6d %5d %10d\n", s - first, count[s, "sent"], count[s, "delivered"]
			if (count[s, "sent"] > peak) peak = count[s, "sent"]
			# Seconds after the first (with the burst) and before the
			# last (partial) one: the flat part.
			if (s > first && s < last) flat[++n] = count[s, "delivered"]
		}
		# insertion sort, then the median
		for (i = 2; i <= n; i++) { v = flat[i]; for (j = i - 1; j >= 1 && flat[j] > v; j--) flat[j + 1] = flat[j]; flat[j + 1] = v }
		median = n % 2 ? flat[(n + 1) / 2] : (flat[n / 2] + flat[n / 2 + 1]) / 2
		printf "median delivered/s over %d full seconds: %d (min %d, max %d), SluiceDeliveryRate %d\n", n, median, flat[1], flat[n], rate
		printf "peak sent/s %d = %.1fx the median delivered/s\n", peak, peak / median
	}'
