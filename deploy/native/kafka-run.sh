#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Run a Kafka CLI tool against the native broker with the cached Kafka jars
# (no Kafka distribution needed). Fetches the jars on first use.
#
#   deploy/native/kafka-run.sh topics --bootstrap-server 127.0.0.1:9092 --list
#   deploy/native/kafka-run.sh topics --bootstrap-server 127.0.0.1:9092 --create --topic t --partitions 3
#   echo hi | deploy/native/kafka-run.sh console-producer --bootstrap-server 127.0.0.1:9092 --topic t
#   deploy/native/kafka-run.sh console-consumer --bootstrap-server 127.0.0.1:9092 --topic t --from-beginning --max-messages 1
#   deploy/native/kafka-run.sh consumer-groups --bootstrap-server 127.0.0.1:9092 --describe --all-groups
#   deploy/native/kafka-run.sh <fully.qualified.MainClass> [args...]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# >= 1)) || { sed -n '3,/^[^#]/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2; exit 2; }
tool=$1; shift
case $tool in
  topics) cls=org.apache.kafka.tools.TopicCommand ;;
  console-producer) cls=kafka.tools.ConsoleProducer ;;
  console-consumer) cls=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  consumer-groups) cls=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  get-offsets) cls=org.apache.kafka.tools.GetOffsetShell ;;
  configs) cls=kafka.admin.ConfigCommand ;;
  broker-api-versions) cls=kafka.admin.BrokerApiVersionsCommand ;;
  metadata-quorum) cls=org.apache.kafka.tools.MetadataQuorumCommand ;;
  *.*) cls=$tool ;;
  *) die "unknown tool '$tool' (topics, console-producer, console-consumer, consumer-groups, get-offsets, configs, broker-api-versions, metadata-quorum, or a main class)" ;;
esac
kafka_ensure_libs
exec java -Xmx512m -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j-tools.properties" \
  -cp "$KAFKA_LIBS/*" "$cls" "$@"
