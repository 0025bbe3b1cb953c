package org.sentistream.connect.internals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps schemas between Avro and Kafka Connect, in both directions, so that a round trip returns
 * an equivalent schema.
 *
 * <p>Records become structs named by the record's full name. A union of null and one other type
 * becomes an optional schema. An enum becomes a string schema named by the enum's full name with
 * the parameters {@value #ENUM_PARAMETER} (the full name) and {@value #ENUM_PARAMETER}{@code .SYMBOL}
 * for each symbol in order, the keys Confluent's converter uses, plus {@value #ENUM_DEFAULT_PARAMETER}
 * for the enum's own default. Avro int and long with the logical types date, time-millis and
 * timestamp-millis, and bytes with decimal, map to Connect's logical types. Connect int8 and int16
 * become Avro int with the property {@value #CONNECT_TYPE_PROPERTY}, so they map back to themselves.
 */
public final class AvroSchemaMapping {

    /** Parameter naming the Avro enum a Connect string schema came from. */
    public static final String ENUM_PARAMETER = "io.confluent.connect.avro.Enum";
    /** Parameter holding the symbol an enum uses for values it does not know. */
    public static final String ENUM_DEFAULT_PARAMETER = "org.sentistream.avro.enum.default";
    /** Avro property that keeps the Connect type of an int8 or int16 field. */
    public static final String CONNECT_TYPE_PROPERTY = "connect.type";
    /** Avro property that keeps the scale of a Connect decimal. */
    static final String SCALE_PARAMETER = Decimal.SCALE_FIELD;

    private static final String DEFAULT_NAMESPACE = "org.sentistream.connect";
    private static final int DEFAULT_DECIMAL_PRECISION = 64;

    private final AtomicInteger unnamedRecords = new AtomicInteger();

    /** Converts an Avro schema into the equivalent Connect schema. */
    public Schema toConnect(org.apache.avro.Schema avro) {
        return toConnectBuilder(avro, false).build();
    }

    /** Converts a Connect schema into the equivalent Avro schema. */
    public org.apache.avro.Schema toAvro(Schema connect) {
        Map<String, org.apache.avro.Schema> named = new LinkedHashMap<>();
        return toAvro(connect, named);
    }

    private SchemaBuilder toConnectBuilder(org.apache.avro.Schema avro, boolean optional) {
        SchemaBuilder builder = switch (avro.getType()) {
            case RECORD -> recordToStruct(avro);
            case ENUM -> enumToString(avro);
            case ARRAY -> SchemaBuilder.array(toConnect(avro.getElementType()));
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(avro.getValueType()));
            case UNION -> optionalUnion(avro);
            case STRING -> SchemaBuilder.string();
            case BYTES, FIXED -> bytesOrDecimal(avro);
            case INT -> intOrLogical(avro);
            case LONG -> longOrLogical(avro);
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case NULL -> throw new DataException("Avro type null is supported only inside a union with one other type");
        };
        if (optional) {
            builder.optional();
        }
        return builder;
    }

    private SchemaBuilder recordToStruct(org.apache.avro.Schema avro) {
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
        if (avro.getDoc() != null) {
            struct.doc(avro.getDoc());
        }

        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            SchemaBuilder fieldSchema = toConnectBuilder(field.schema(), false);
            Object defaultValue = field.hasDefaultValue() ? field.defaultVal() : null;
            if (defaultValue != null && defaultValue != JsonProperties.NULL_VALUE) {
                fieldSchema.defaultValue(AvroValueMapping.defaultToConnect(defaultValue, fieldSchema));
            }
            struct.field(field.name(), fieldSchema.build());
        }
        return struct;
    }

    private static SchemaBuilder enumToString(org.apache.avro.Schema avro) {
        SchemaBuilder builder = SchemaBuilder.string().name(avro.getFullName());
        builder.parameter(ENUM_PARAMETER, avro.getFullName());
        for (String symbol : avro.getEnumSymbols()) {
            builder.parameter(ENUM_PARAMETER + "." + symbol, symbol);
        }
        if (avro.getEnumDefault() != null) {
            builder.parameter(ENUM_DEFAULT_PARAMETER, avro.getEnumDefault());
        }
        if (avro.getDoc() != null) {
            builder.doc(avro.getDoc());
        }
        return builder;
    }

    private SchemaBuilder optionalUnion(org.apache.avro.Schema avro) {
        List<org.apache.avro.Schema> branches = avro.getTypes();
        List<org.apache.avro.Schema> nonNull = branches.stream()
                .filter(branch -> branch.getType() != org.apache.avro.Schema.Type.NULL)
                .toList();
        if (branches.size() != 2 || nonNull.size() != 1) {
            throw new DataException("Avro union " + avro + " is not supported: only a union of null and one other"
                    + " type maps to a Connect schema (as an optional field)");
        }
        return toConnectBuilder(nonNull.get(0), true);
    }

    private static SchemaBuilder bytesOrDecimal(org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return Decimal.builder(decimal.getScale());
        }
        return SchemaBuilder.bytes();
    }

    private static SchemaBuilder intOrLogical(org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return Date.builder();
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return Time.builder();
        }

        String connectType = avro.getProp(CONNECT_TYPE_PROPERTY);
        if ("int8".equals(connectType)) {
            return SchemaBuilder.int8();
        }
        if ("int16".equals(connectType)) {
            return SchemaBuilder.int16();
        }
        return SchemaBuilder.int32();
    }

    private static SchemaBuilder longOrLogical(org.apache.avro.Schema avro) {
        if (avro.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return Timestamp.builder();
        }
        return SchemaBuilder.int64();
    }

    private org.apache.avro.Schema toAvro(Schema connect, Map<String, org.apache.avro.Schema> named) {
        org.apache.avro.Schema avro = toAvroRequired(connect, named);
        if (connect.isOptional()) {
            return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), avro);
        }
        return avro;
    }

    private org.apache.avro.Schema toAvroRequired(Schema connect, Map<String, org.apache.avro.Schema> named) {
        String logicalName = connect.name();
        if (Decimal.LOGICAL_NAME.equals(logicalName)) {
            int scale = Integer.parseInt(connect.parameters().get(SCALE_PARAMETER));
            return LogicalTypes.decimal(DEFAULT_DECIMAL_PRECISION, scale)
                    .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
        }
        if (Date.LOGICAL_NAME.equals(logicalName)) {
            return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(logicalName)) {
            return LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Timestamp.LOGICAL_NAME.equals(logicalName)) {
            return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        }

        return switch (connect.type()) {
            case STRUCT -> structToRecord(connect, named);
            case ARRAY -> org.apache.avro.Schema.createArray(toAvro(connect.valueSchema(), named));
            case MAP -> mapToAvro(connect, named);
            case STRING -> stringOrEnum(connect, named);
            case BYTES -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
            case INT8 -> intWithConnectType("int8");
            case INT16 -> intWithConnectType("int16");
            case INT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
        };
    }

    private org.apache.avro.Schema structToRecord(Schema connect, Map<String, org.apache.avro.Schema> named) {
        String fullName = connect.name() != null
                ? connect.name()
                : DEFAULT_NAMESPACE + ".ConnectRecord" + unnamedRecords.incrementAndGet();
        org.apache.avro.Schema existing = named.get(fullName);
        if (existing != null) {
            // Avro forbids defining a name twice: a second struct of the same name refers to the first.
            return existing;
        }

        int dot = fullName.lastIndexOf('.');
        String namespace = dot < 0 ? null : fullName.substring(0, dot);
        String simpleName = fullName.substring(dot + 1);
        org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(simpleName, connect.doc(), namespace, false);
        named.put(fullName, record);

        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            org.apache.avro.Schema fieldSchema = toAvro(field.schema(), named);
            fields.add(avroField(field, fieldSchema));
        }
        record.setFields(fields);
        return record;
    }

    private static org.apache.avro.Schema.Field avroField(Field field, org.apache.avro.Schema fieldSchema) {
        Schema schema = field.schema();
        if (schema.defaultValue() != null) {
            Object defaultValue = AvroValueMapping.defaultToAvro(schema.defaultValue(), schema);
            if (schema.isOptional()) {
                // Avro takes the default from the first branch of a union, so the value goes first.
                fieldSchema = org.apache.avro.Schema.createUnion(fieldSchema.getTypes().get(1), fieldSchema.getTypes().get(0));
            }
            return new org.apache.avro.Schema.Field(field.name(), fieldSchema, null, defaultValue);
        }
        if (schema.isOptional()) {
            return new org.apache.avro.Schema.Field(field.name(), fieldSchema, null, JsonProperties.NULL_VALUE);
        }
        return new org.apache.avro.Schema.Field(field.name(), fieldSchema, null);
    }

    private org.apache.avro.Schema mapToAvro(Schema connect, Map<String, org.apache.avro.Schema> named) {
        if (connect.keySchema().type() != Schema.Type.STRING) {
            throw new DataException("Connect map with " + connect.keySchema().type() + " keys is not supported:"
                    + " Avro maps have string keys, so convert the keys to strings first");
        }
        return org.apache.avro.Schema.createMap(toAvro(connect.valueSchema(), named));
    }

    private static org.apache.avro.Schema stringOrEnum(Schema connect, Map<String, org.apache.avro.Schema> named) {
        Map<String, String> parameters = connect.parameters();
        String enumName = parameters == null ? null : parameters.get(ENUM_PARAMETER);
        if (enumName == null) {
            return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
        }
        org.apache.avro.Schema existing = named.get(enumName);
        if (existing != null) {
            return existing;
        }

        List<String> symbols = new ArrayList<>();
        String prefix = ENUM_PARAMETER + ".";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getKey().startsWith(prefix)) {
                symbols.add(parameter.getValue());
            }
        }
        int dot = enumName.lastIndexOf('.');
        String namespace = dot < 0 ? null : enumName.substring(0, dot);
        org.apache.avro.Schema avroEnum = org.apache.avro.Schema.createEnum(enumName.substring(dot + 1), connect.doc(),
                namespace, symbols, parameters.get(ENUM_DEFAULT_PARAMETER));
        named.put(enumName, avroEnum);
        return avroEnum;
    }

    private static org.apache.avro.Schema intWithConnectType(String connectType) {
        org.apache.avro.Schema avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
        avro.addProp(CONNECT_TYPE_PROPERTY, connectType);
        return avro;
    }
}
