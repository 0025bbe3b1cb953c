#!/usr/bin/env python3
"""Produce Avro SocialPost records with the Confluent AvroProducer through a schema registry.

The values are framed in the Confluent wire format by confluent_kafka.avro, which registers the schema
under <topic>-value. Records have no key. Prints {"produced", "failed", "schema_id", "subject"}.
"""

import argparse
import time

from confluent_kafka import avro
from confluent_kafka.avro import AvroProducer, CachedSchemaRegistryClient

import interop_common as common

PLATFORMS = ["TWITTER", "BLUESKY", "MASTODON", "REDDIT"]
TEXTS = [
    "I love how fast the new release is, great job",
    "The update broke my login again, really annoying",
    "Shipping took five days, which is about what I expected",
    "Terrible support experience, nobody answered for a week",
    "Honestly the best keynote I have seen this year",
    "The app works. Nothing special.",
]


def post(prefix, index):
    """Return the SocialPost record with this index as a dict in the shape of SocialPost.avsc."""
    return {
        "id": "%s%d" % (prefix, index),
        "platform": PLATFORMS[index % len(PLATFORMS)],
        "authorId": "author-%d" % (index % 97),
        "text": TEXTS[index % len(TEXTS)],
        "language": "en",
        "createdAt": int(time.time() * 1000),
        "hashtags": ["interop"] if index % 2 == 0 else [],
        "url": None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", default="social-posts")
    parser.add_argument("--schema-file", required=True, help="self-contained SocialPost schema JSON")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--id-prefix", default="py-")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for delivery of every record")
    common.add_registry_options(parser)
    args = parser.parse_args()

    schema = avro.loads(common.load_schema_text(args.schema_file))
    registry = CachedSchemaRegistryClient(common.registry_config(args))
    producer = AvroProducer({
        "bootstrap.servers": args.bootstrap_servers,
        "enable.idempotence": True,
        "linger.ms": 20,
        "api.version.request": True,
    }, schema_registry=registry, default_value_schema=schema)

    outcome = {"delivered": 0, "failed": 0, "first_error": None}

    def on_delivery(error, message):
        if error is None:
            outcome["delivered"] += 1
        else:
            outcome["failed"] += 1
            outcome["first_error"] = outcome["first_error"] or str(error)

    for index in range(args.count):
        while True:
            try:
                producer.produce(topic=args.topic, value=post(args.id_prefix, index), callback=on_delivery)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)

    remaining = producer.flush(args.timeout)
    subject = args.topic + "-value"
    schema_id = registry.check_registration(subject, schema)
    common.log("produced %d SocialPost records to %s, %d failed, %d not delivered after %.0f s"
               % (outcome["delivered"], args.topic, outcome["failed"], remaining, args.timeout))
    common.emit({
        "produced": outcome["delivered"],
        "failed": outcome["failed"] + remaining,
        "first_error": outcome["first_error"],
        "schema_id": schema_id,
        "subject": subject,
    })
    return 0 if outcome["delivered"] == args.count else 1


if __name__ == "__main__":
    raise SystemExit(main())
