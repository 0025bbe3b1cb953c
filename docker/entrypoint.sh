#!/usr/bin/env bash
# Entrypoint of the Sentistream image: `sentiment` subcommands, plus `connect-distributed` for a
# distributed Kafka Connect worker with the Sentistream connectors on its class path.
set -euo pipefail

CLASSPATH="/opt/sentistream/lib/*"

if [ "${1:-}" = "connect-distributed" ]; then
  shift
  # shellcheck disable=SC2086
  exec java ${JAVA_OPTS:-} -cp "$CLASSPATH" org.apache.kafka.connect.cli.ConnectDistributed \
    "${1:-/opt/sentistream/config/connect-distributed.properties}"
fi

args=("$@")
# Static membership: a container that restarts within session.timeout.ms keeps its tasks without a
# rebalance. The host name is the container id, which stays the same across restarts of one container.
if [ "${1:-}" = "run" ] && [ "${STATIC_MEMBERSHIP:-false}" = "true" ]; then
  args+=(--set "group.instance.id=sentistream-$(hostname)")
fi

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$CLASSPATH" org.sentistream.cli.Main "${args[@]}"
