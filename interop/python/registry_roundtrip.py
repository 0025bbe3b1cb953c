#!/usr/bin/env python3
"""Exercise a schema registry with the Confluent CachedSchemaRegistryClient.

Registers the schema under --subject, fetches it back by id, reads the subject's latest version and
tests the compatibility of a compatible change (one more optional field) and of an incompatible one
(one more required field without a default). Prints the results as one JSON object.
"""

import argparse
import json

from confluent_kafka import avro
from confluent_kafka.avro import CachedSchemaRegistryClient

import interop_common as common


def with_field(schema_text, field):
    """Return the schema with one more field appended to its top-level record."""
    schema = json.loads(schema_text)
    schema["fields"].append(field)
    return avro.loads(json.dumps(schema))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema-file", required=True, help="self-contained Avro record schema JSON")
    parser.add_argument("--subject", required=True)
    common.add_registry_options(parser)
    args = parser.parse_args()

    text = common.load_schema_text(args.schema_file)
    schema = avro.loads(text)
    registry = CachedSchemaRegistryClient(common.registry_config(args))

    schema_id = registry.register(args.subject, schema)
    # A fresh client, so get_by_id goes to the registry instead of the cache of register().
    fresh = CachedSchemaRegistryClient(common.registry_config(args))
    fetched = fresh.get_by_id(schema_id)
    latest_id, latest_schema, latest_version = fresh.get_latest_schema(args.subject)
    version = fresh.get_version(args.subject, schema)

    optional = with_field(text, {"name": "interopNote", "type": ["null", "string"], "default": None})
    required = with_field(text, {"name": "interopRequired", "type": "string"})

    common.emit({
        "id": schema_id,
        "fetched_full_name": fetched.fullname if fetched is not None else None,
        "fetched_equals": fetched is not None and fetched == schema,
        "latest_id": latest_id,
        "latest_version": latest_version,
        "latest_equals": latest_schema is not None and latest_schema == schema,
        "version": version,
        "optional_field_compatible": registry.test_compatibility(args.subject, optional),
        "required_field_compatible": registry.test_compatibility(args.subject, required),
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
