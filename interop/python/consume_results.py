#!/usr/bin/env python3
"""Consume SentimentResult records and decode them with the Confluent MessageSerializer.

Reads the topic from the beginning with isolation.level=read_committed until it has decoded --expect
distinct results whose inputId starts with --id-prefix, or until --timeout seconds pass. Keys are plain
strings, so the plain Consumer is used and only values go through the Avro decoder. Prints
{"count", "ids", "labels", "schema_ids", "decode_errors", "timed_out"}.
"""

import argparse
import struct
import time

from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

import interop_common as common


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", default="sentiment-results")
    parser.add_argument("--expect", type=int, required=True)
    parser.add_argument("--id-prefix", default="")
    parser.add_argument("--group-id", default="interop-python-consumer")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the expected results")
    common.add_registry_options(parser)
    args = parser.parse_args()

    serializer = MessageSerializer(CachedSchemaRegistryClient(common.registry_config(args)))
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group_id,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
        "api.version.request": True,
    })
    consumer.subscribe([args.topic])

    labels = {}
    ids = set()
    schema_ids = set()
    decode_errors = 0
    first_error = None
    deadline = time.monotonic() + args.timeout
    try:
        while len(ids) < args.expect and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() != KafkaError._PARTITION_EOF:
                    first_error = first_error or str(message.error())
                continue

            try:
                result = serializer.decode_message(message.value())
            except Exception as error:  # the summary counts every value the Confluent decoder rejects
                decode_errors += 1
                first_error = first_error or repr(error)
                continue

            if not result["inputId"].startswith(args.id_prefix) or result["inputId"] in ids:
                continue
            ids.add(result["inputId"])
            schema_ids.add(struct.unpack(">I", message.value()[1:5])[0])
            labels[result["label"]] = labels.get(result["label"], 0) + 1
    finally:
        consumer.close()

    common.log("decoded %d SentimentResult records from %s, %d decode errors" % (len(ids), args.topic, decode_errors))
    common.emit({
        "count": len(ids),
        "ids": sorted(ids),
        "labels": labels,
        "schema_ids": sorted(schema_ids),
        "decode_errors": decode_errors,
        "first_error": first_error,
        "timed_out": len(ids) < args.expect,
    })
    return 0 if len(ids) >= args.expect and decode_errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
