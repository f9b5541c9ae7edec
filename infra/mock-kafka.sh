#!/usr/bin/env bash
# A local Kafka-protocol broker for development: librdkafka's mock cluster (Debian's kcat).
# Prints KAFKA_BROKERS=..., then serves until Ctrl-C. Topics are auto-created (4 partitions);
# it keeps only ~5 MB per partition and refuses createTopics and idempotent producers.
set -euo pipefail
command -v kcat >/dev/null || { echo "kcat missing: apt-get install -y kcat" >&2; exit 1; }
kcat -b unused -X test.mock.num.brokers="${1:-3}" -d mock -C -t keepalive 2>&1 >/dev/null | {
  printed=
  # keep reading after the first match, so the broker never writes into a closed pipe
  while IFS= read -r line; do
    if [[ -z $printed && $line =~ bootstrap.servers=([^[:space:]]+) ]]; then
      echo "KAFKA_BROKERS=${BASH_REMATCH[1]}"
      printed=1
    fi
  done
}
