package org.sentistream.cli.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.AvroSerializer;
import org.sentistream.serde.RestSchemaRegistryClient;

/** Writes input records keyed by their id: valid posts in Confluent-framed Avro, or raw bytes. */
final class InputWriter implements AutoCloseable {

    private static final String[] TEXTS = {
        "The new update is great, everything feels faster.",
        "Worst support experience ever, nobody answered for a week.",
        "It arrived on Tuesday.",
        "Absolutely love the battery life on this one \uD83D\uDE0D",
        "Meh. It works, I guess, but the app keeps logging me out.",
        "Family day \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 ruined by the delay &amp; the noise",
        "Cafe\u0301 was fine \u202Ereversed\u202C and \u0000control\u0007 chars",
    };

    private final KafkaProducer<byte[], byte[]> producer;
    private final RestSchemaRegistryClient registry;
    private final AvroSerializer<SocialPost> serializer;

    InputWriter(String bootstrapServers, String registryUrl) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.registry = new RestSchemaRegistryClient(registryUrl);
        this.serializer = new AvroSerializer<>(registry);
    }

    /** Returns a post with one of a few fixed texts, some of them hostile Unicode, chosen by {@code n}. */
    static SocialPost post(String id, int n) {
        return post(id, TEXTS[n % TEXTS.length] + " #" + n);
    }

    static SocialPost post(String id, String text) {
        return SocialPost.newBuilder()
                .setId(id)
                .setPlatform(Platform.values()[Math.floorMod(id.hashCode(), Platform.values().length)])
                .setAuthorId("author-" + id)
                .setText(text)
                .setLanguage("en")
                .setCreatedAt(System.currentTimeMillis())
                .build();
    }

    /** Returns the Avro bytes of {@code post} in the Confluent wire format, registering its schema if needed. */
    byte[] bytes(String topic, SocialPost post) {
        return serializer.serialize(topic, post);
    }

    void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Sends {@code count} valid posts with ids {@code prefix0 ..}. */
    void sendPosts(String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            send(topic, id, bytes(topic, post(id, i)));
        }
        producer.flush();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() throws IOException {
        producer.close();
        serializer.close();
        registry.close();
    }
}
