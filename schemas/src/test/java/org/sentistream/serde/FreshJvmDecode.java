package org.sentistream.serde;

import java.io.ByteArrayOutputStream;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.sentistream.schemas.SocialPost;

/**
 * Program run by {@link FreshJvmTrustTest} in a new JVM. It prints one line per step: whether
 * plain Avro rejects the generated class before any serde class is loaded, then whether the serde
 * decodes it.
 */
public final class FreshJvmDecode {

    private FreshJvmDecode() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("property=" + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"));

        SocialPost post = Records.post();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new SpecificDatumWriter<>(SocialPost.class).write(post, encoder);
        encoder.flush();
        try {
            new SpecificDatumReader<>(SocialPost.class)
                    .read(null, DecoderFactory.get().binaryDecoder(body.toByteArray(), null));
            System.out.println("plain=decoded");
        } catch (SecurityException e) {
            System.out.println("plain=rejected");
        }

        Serde<SocialPost> serde = AvroSerdes.serde(new InMemoryRegistryClient(), SocialPost.class);
        SocialPost decoded = serde.deserializer().deserialize("t", serde.serializer().serialize("t", post));
        System.out.println("serde=" + (post.equals(decoded) ? "decoded" : "different"));
    }
}
