package org.sentistream.streams.internals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.sentistream.schemas.InputKind;

/**
 * Binary serde of {@link PendingInput} for the batch buffer store and its changelog. The first byte is
 * a format version so that a later layout can still read entries left in a changelog by this one.
 */
public final class PendingInputSerde implements Serde<PendingInput> {

    private static final int VERSION = 1;

    @Override
    public Serializer<PendingInput> serializer() {
        return (topic, input) -> input == null ? null : write(input);
    }

    @Override
    public Deserializer<PendingInput> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PendingInput input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + input.text().length() * 2);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeLongString(out, input.kind().name());
            writeLongString(out, input.id());
            writeLongString(out, input.source());
            writeLongString(out, input.text());
            out.writeLong(input.eventTime());
            writeNullableString(out, input.product());
            writeNullableString(out, input.language());
            out.writeLong(input.bufferedAtMs());

            PendingInput.Origin origin = input.origin();
            writeLongString(out, origin.topic());
            out.writeInt(origin.partition());
            out.writeLong(origin.offset());
            out.writeLong(origin.timestamp());
            writeBytes(out, origin.key());
            writeBytes(out, origin.value());
            Header[] headers = origin.headers().toArray();
            out.writeInt(headers.length);
            for (Header header : headers) {
                writeLongString(out, header.key());
                writeBytes(out, header.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write a pending input to memory", e);
        }
        return bytes.toByteArray();
    }

    /** Returns the length of {@link #write}'s output without building it, because the decoder checks it for every input. */
    static long size(PendingInput input) {
        long size = 1 + stringSize(input.kind().name()) + stringSize(input.id()) + stringSize(input.source())
                + stringSize(input.text()) + Long.BYTES + nullableStringSize(input.product())
                + nullableStringSize(input.language()) + Long.BYTES;

        PendingInput.Origin origin = input.origin();
        size += stringSize(origin.topic()) + Integer.BYTES + 2 * Long.BYTES + bytesSize(origin.key())
                + bytesSize(origin.value()) + Integer.BYTES;
        for (Header header : origin.headers().toArray()) {
            size += stringSize(header.key()) + bytesSize(header.value());
        }
        return size;
    }

    private static long stringSize(String text) {
        return Integer.BYTES + Utils.utf8Length(text);
    }

    private static long nullableStringSize(String text) {
        return 1 + (text == null ? 0 : stringSize(text));
    }

    private static long bytesSize(byte[] bytes) {
        return Integer.BYTES + (bytes == null ? 0 : bytes.length);
    }

    static PendingInput read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new SerializationException("Unsupported batch buffer entry version " + version
                        + "; this build reads version " + VERSION);
            }

            InputKind kind = InputKind.valueOf(readLongString(in));
            String id = readLongString(in);
            String source = readLongString(in);
            String text = readLongString(in);
            long eventTime = in.readLong();
            String product = readNullableString(in);
            String language = readNullableString(in);
            long bufferedAtMs = in.readLong();

            String topic = readLongString(in);
            int partition = in.readInt();
            long offset = in.readLong();
            long timestamp = in.readLong();
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            int headerCount = in.readInt();
            Headers headers = new RecordHeaders();
            for (int i = 0; i < headerCount; i++) {
                headers.add(readLongString(in), readBytes(in));
            }

            PendingInput.Origin origin = new PendingInput.Origin(topic, partition, offset, timestamp, key, value, headers);
            return new PendingInput(kind, id, source, text, eventTime, product, language, origin, bufferedAtMs);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("Corrupt batch buffer entry of " + bytes.length + " bytes", e);
        }
    }

    /** Writes a string of any length, because writeUTF stops at 65535 encoded bytes. */
    private static void writeLongString(DataOutputStream out, String text) throws IOException {
        writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String readLongString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeNullableString(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            writeLongString(out, text);
        }
    }

    private static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? readLongString(in) : null;
    }

    /** Writes a length (-1 for null) and the bytes. */
    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
