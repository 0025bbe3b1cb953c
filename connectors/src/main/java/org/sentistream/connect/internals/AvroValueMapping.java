package org.sentistream.connect.internals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts values between Avro's generic representation and Kafka Connect's, given the pair of
 * schemas {@link AvroSchemaMapping} built. Both directions accept the specific (generated) Avro
 * classes as input, because they implement {@link IndexedRecord}.
 */
public final class AvroValueMapping {

    private static final long MILLIS_PER_DAY = TimeUnit.DAYS.toMillis(1);

    private AvroValueMapping() {
    }

    /** Converts an Avro datum of schema {@code avro} into a Connect value of schema {@code connect}. */
    public static Object toConnect(Object value, org.apache.avro.Schema avro, Schema connect) {
        if (value == null) {
            return null;
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            int branch = GenericData.get().resolveUnion(avro, value);
            return toConnect(value, avro.getTypes().get(branch), connect);
        }

        return switch (connect.type()) {
            case STRUCT -> recordToStruct((IndexedRecord) value, avro, connect);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (Collection<?>) value) {
                    list.add(toConnect(element, avro.getElementType(), connect.valueSchema()));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.put(entry.getKey().toString(), toConnect(entry.getValue(), avro.getValueType(), connect.valueSchema()));
                }
                yield map;
            }
            case STRING -> value.toString();
            case BYTES -> bytesToConnect(value, connect);
            case INT8 -> ((Number) value).byteValue();
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> intToConnect((Integer) value, connect);
            case INT64 -> Timestamp.LOGICAL_NAME.equals(connect.name()) ? new java.util.Date((Long) value) : value;
            case FLOAT32, FLOAT64, BOOLEAN -> value;
        };
    }

    /** Converts a Connect value of schema {@code connect} into an Avro datum of schema {@code avro}. */
    public static Object toAvro(Object value, Schema connect, org.apache.avro.Schema avro) {
        if (value == null) {
            if (!connect.isOptional()) {
                throw new DataException("Null value for required Connect schema " + describe(connect));
            }
            return null;
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            return toAvro(value, connect, nonNullBranch(avro));
        }

        return switch (connect.type()) {
            case STRUCT -> structToRecord((Struct) value, avro);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (Collection<?>) value) {
                    list.add(toAvro(element, connect.valueSchema(), avro.getElementType()));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.put(entry.getKey().toString(), toAvro(entry.getValue(), connect.valueSchema(), avro.getValueType()));
                }
                yield map;
            }
            case STRING -> avro.getType() == org.apache.avro.Schema.Type.ENUM
                    ? new GenericData.EnumSymbol(avro, value.toString())
                    : value;
            case BYTES -> bytesToAvro(value, connect);
            case INT8, INT16 -> ((Number) value).intValue();
            case INT32 -> intToAvro(value, connect);
            case INT64 -> value instanceof java.util.Date date ? date.getTime() : value;
            case FLOAT32, FLOAT64, BOOLEAN -> value;
        };
    }

    /** Converts an Avro field default, as {@code Schema.Field#defaultVal()} returns it, into a Connect default. */
    static Object defaultToConnect(Object avroDefault, SchemaBuilder connect) {
        return switch (connect.type()) {
            case INT8 -> ((Number) avroDefault).byteValue();
            case INT16 -> ((Number) avroDefault).shortValue();
            case INT32 -> connect.name() == null ? ((Number) avroDefault).intValue() : null;
            case INT64 -> connect.name() == null ? ((Number) avroDefault).longValue() : null;
            case FLOAT32 -> ((Number) avroDefault).floatValue();
            case FLOAT64 -> ((Number) avroDefault).doubleValue();
            case BOOLEAN -> avroDefault;
            case STRING -> avroDefault.toString();
            case ARRAY -> avroDefault instanceof Collection<?> list && list.isEmpty() ? new ArrayList<>() : null;
            // NOTE: defaults of structs, maps, bytes and non-empty arrays are not carried over.
            default -> null;
        };
    }

    /** Converts a Connect default into the Java object {@code Schema.Field}'s constructor accepts. */
    static Object defaultToAvro(Object connectDefault, Schema connect) {
        return switch (connect.type()) {
            case INT8, INT16 -> ((Number) connectDefault).intValue();
            case ARRAY, MAP, STRUCT, BYTES -> connectDefault instanceof Collection<?> list && list.isEmpty() ? List.of() : null;
            default -> connectDefault instanceof java.util.Date ? null : connectDefault;
        };
    }

    private static Struct recordToStruct(IndexedRecord record, org.apache.avro.Schema avro, Schema connect) {
        Struct struct = new Struct(connect);
        for (Field field : connect.fields()) {
            org.apache.avro.Schema.Field avroField = avro.getField(field.name());
            Object fieldValue = record.get(avroField.pos());
            struct.put(field, toConnect(fieldValue, avroField.schema(), field.schema()));
        }
        return struct;
    }

    private static GenericRecord structToRecord(Struct struct, org.apache.avro.Schema avro) {
        GenericData.Record record = new GenericData.Record(avro);
        for (Field field : struct.schema().fields()) {
            org.apache.avro.Schema.Field avroField = avro.getField(field.name());
            record.put(avroField.pos(), toAvro(struct.get(field), field.schema(), avroField.schema()));
        }
        return record;
    }

    private static Object bytesToConnect(Object value, Schema connect) {
        byte[] bytes;
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            bytes = new byte[copy.remaining()];
            copy.get(bytes);
        } else if (value instanceof GenericFixed fixed) {
            bytes = fixed.bytes();
        } else {
            bytes = (byte[]) value;
        }

        if (Decimal.LOGICAL_NAME.equals(connect.name())) {
            int scale = Integer.parseInt(connect.parameters().get(AvroSchemaMapping.SCALE_PARAMETER));
            return new BigDecimal(new BigInteger(bytes), scale);
        }
        return bytes;
    }

    private static Object bytesToAvro(Object value, Schema connect) {
        if (value instanceof BigDecimal decimal) {
            int scale = Integer.parseInt(connect.parameters().get(AvroSchemaMapping.SCALE_PARAMETER));
            return ByteBuffer.wrap(decimal.setScale(scale).unscaledValue().toByteArray());
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer;
        }
        return ByteBuffer.wrap((byte[]) value);
    }

    private static Object intToConnect(Integer value, Schema connect) {
        if (Date.LOGICAL_NAME.equals(connect.name())) {
            return new java.util.Date(value * MILLIS_PER_DAY);
        }
        if (Time.LOGICAL_NAME.equals(connect.name())) {
            return new java.util.Date(value.longValue());
        }
        return value;
    }

    private static Object intToAvro(Object value, Schema connect) {
        if (!(value instanceof java.util.Date date)) {
            return value;
        }
        if (Date.LOGICAL_NAME.equals(connect.name())) {
            return (int) Math.floorDiv(date.getTime(), MILLIS_PER_DAY);
        }
        return (int) date.getTime();
    }

    private static org.apache.avro.Schema nonNullBranch(org.apache.avro.Schema union) {
        for (org.apache.avro.Schema branch : union.getTypes()) {
            if (branch.getType() != org.apache.avro.Schema.Type.NULL) {
                return branch;
            }
        }
        throw new DataException("Avro union " + union + " has no non-null branch");
    }

    private static String describe(Schema connect) {
        return connect.name() != null ? connect.name() : connect.type().toString();
    }
}
