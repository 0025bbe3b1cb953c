package org.sentistream.connect.mastodon.internals;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.sentistream.connect.internals.Pseudonymizer;
import org.sentistream.schemas.Platform;
import org.sentistream.schemas.SocialPost;

/**
 * Maps a Mastodon Status entity (the JSON of the REST timelines and of streaming {@code update}
 * events) to a {@link SocialPost}.
 *
 * <p>The account object is read only to compute the keyed hash and is then dropped: no display
 * name, handle, avatar or account URL reaches the post. Reblogs are skipped because the original
 * status is a post of its own, and only statuses with visibility {@code public} or
 * {@code unlisted} are kept. Not thread-safe, because {@link Pseudonymizer} is not.
 */
public final class StatusMapper {

    private final String host;
    private final Pseudonymizer pseudonymizer;
    private final boolean includeUrl;

    /**
     * @param host          host name of the server, part of every post id and of local account ids
     * @param pseudonymizer keyed hash of account identifiers
     * @param includeUrl    whether to copy the status URL, which contains the author's handle
     */
    public StatusMapper(String host, Pseudonymizer pseudonymizer, boolean includeUrl) {
        this.host = host.toLowerCase(Locale.ROOT);
        this.pseudonymizer = pseudonymizer;
        this.includeUrl = includeUrl;
    }

    /**
     * Maps one status.
     *
     * @return the post, or empty when the status is a reblog, not public, or has no text
     * @throws IllegalArgumentException when a required field (id, account) is missing
     */
    public Optional<SocialPost> toPost(JsonNode status) {
        String statusId = text(status, "id");
        if (statusId == null) {
            throw new IllegalArgumentException("Status has no id");
        }
        if (status.hasNonNull("reblog")) {
            return Optional.empty();
        }
        String visibility = text(status, "visibility");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("unlisted")) {
            return Optional.empty();
        }

        String text = HtmlText.toPlainText(text(status, "content"));
        if (text.isEmpty()) {
            return Optional.empty();
        }

        SocialPost post = SocialPost.newBuilder()
                .setId(postId(statusId))
                .setPlatform(Platform.MASTODON)
                .setAuthorId(pseudonymizer.pseudonym(accountIdentifier(status.path("account"), statusId)))
                .setText(text)
                .setLanguage(text(status, "language"))
                .setCreatedAt(createdAt(status))
                .setHashtags(hashtags(status))
                .setUrl(includeUrl ? text(status, "url") : null)
                .build();
        return Optional.of(post);
    }

    /** Returns the post id of a status of this server: {@code mastodon:<host>:<status id>}. */
    public String postId(String statusId) {
        return "mastodon:" + host + ":" + statusId;
    }

    /**
     * Returns a stable, server-independent identifier of the account: its profile URL, or
     * {@code acct@host} for servers that omit it (a local account's acct has no domain).
     */
    private String accountIdentifier(JsonNode account, String statusId) {
        String url = text(account, "url");
        if (url != null) {
            return url;
        }
        String acct = text(account, "acct");
        if (acct == null) {
            throw new IllegalArgumentException("Status " + statusId + " has no account url or acct");
        }
        return acct.contains("@") ? acct : acct + "@" + host;
    }

    private static Long createdAt(JsonNode status) {
        String value = text(status, "created_at");
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> hashtags(JsonNode status) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : status.path("tags")) {
            String name = text(tag, "name");
            if (name != null && !name.isEmpty()) {
                tags.add(name.startsWith("#") ? name.substring(1) : name);
            }
        }
        return tags;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
