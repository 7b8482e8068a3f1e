#!/usr/bin/env bash
# One-shot: creates the topics the services use (the broker does not auto-create topics, as in
# production). Single broker here, so replication factor 1; production settings: deploy/kafka/topics.md.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-kafka:19092}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

"$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic generation-completed --partitions 3 --replication-factor 1 \
  --config cleanup.policy=delete --config retention.ms=604800000
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic generation-completed.dlq --partitions 1 --replication-factor 1 \
  --config cleanup.policy=delete --config retention.ms=2592000000
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
  --topic byok-changes --partitions 3 --replication-factor 1 \
  --config cleanup.policy=delete --config retention.ms=86400000
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --describe --topic 'generation-completed.*|byok-changes'
