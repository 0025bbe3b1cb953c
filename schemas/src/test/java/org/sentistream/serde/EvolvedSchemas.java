package org.sentistream.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.sentistream.schemas.SocialPost;

/** Other versions of the SocialPost schema, derived from the generated one by editing its JSON. */
final class EvolvedSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvolvedSchemas() {
    }

    /** SocialPost with one more optional field, {@code replyTo}, as a later producer would write it. */
    static Schema socialPostV2() throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(SocialPost.getClassSchema().toString());
        ObjectNode field = ((ArrayNode) schema.get("fields")).addObject();
        field.put("name", "replyTo");
        field.putArray("type").add("null").add("string");
        field.putNull("default");
        return new Schema.Parser().parse(JSON.writeValueAsString(schema));
    }

    /** SocialPost without the optional {@code url} field, as an older producer would write it. */
    static Schema socialPostV0() throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(SocialPost.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) schema.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if ("url".equals(fields.get(i).get("name").asText())) {
                fields.remove(i);
                break;
            }
        }
        return new Schema.Parser().parse(JSON.writeValueAsString(schema));
    }
}
