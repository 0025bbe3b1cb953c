"""Shared helpers of the interoperability scripts, which drive Debian's python3-confluent-kafka 1.7.0.

The scripts use the legacy ``confluent_kafka.avro`` API (AvroProducer, CachedSchemaRegistryClient,
MessageSerializer) because its newer ``schema_registry.avro`` API needs fastavro, which Debian does not
package. Each script prints one JSON object as the last line of standard output.
"""

import json
import sys


def registry_config(args):
    """Return the CachedSchemaRegistryClient configuration from the common command-line options."""
    config = {"url": args.registry_url}
    if args.registry_user_info:
        config["basic.auth.credentials.source"] = "USER_INFO"
        config["basic.auth.user.info"] = args.registry_user_info
    if args.registry_ca:
        config["ssl.ca.location"] = args.registry_ca
    return config


def add_registry_options(parser):
    """Add the schema registry options shared by every script."""
    parser.add_argument("--registry-url", required=True, help="schema registry base URL")
    parser.add_argument("--registry-user-info", default=None, help="user:password for basic authentication")
    parser.add_argument("--registry-ca", default=None, help="CA certificate file to verify an https registry")


def load_schema_text(path):
    """Read a self-contained Avro schema JSON file, with every named type defined inline."""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def emit(summary):
    """Print the JSON summary as the last line of standard output."""
    sys.stdout.write(json.dumps(summary, sort_keys=True) + "\n")
    sys.stdout.flush()


def log(message):
    """Print human progress to standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
