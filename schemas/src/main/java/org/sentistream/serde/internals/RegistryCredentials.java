package org.sentistream.serde.internals;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.sentistream.serde.SerdeConfig;

/** Resolves the basic-authentication credentials of the registry client, as the Confluent clients do. */
public final class RegistryCredentials {

    private RegistryCredentials() {
    }

    /**
     * Returns {@code user:password} for basic authentication, or null for none.
     * {@code USER_INFO} takes {@value SerdeConfig#BASIC_AUTH_USER_INFO}, {@code URL} takes the user
     * info of the first URL that has one, and an unset source takes whichever is present.
     *
     * @throws ConfigException for another source, or when the chosen source has no credentials
     */
    public static String userInfo(Map<String, ?> configs, List<URI> urls) {
        Object configured = configs.get(SerdeConfig.BASIC_AUTH_USER_INFO);
        String userInfo = configured instanceof Password password ? password.value()
                : configured == null ? null : configured.toString();
        if (userInfo != null && userInfo.isBlank()) {
            userInfo = null;
        }
        String fromUrl = urls.stream().map(URI::getRawUserInfo).filter(info -> info != null && !info.isEmpty())
                .findFirst().orElse(null);

        Object source = configs.get(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source == null || source.toString().isBlank()) {
            return userInfo != null ? userInfo : fromUrl;
        }
        switch (source.toString().strip().toUpperCase(Locale.ROOT)) {
            case "USER_INFO":
                if (userInfo == null) {
                    throw new ConfigException(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source,
                            "USER_INFO needs " + SerdeConfig.BASIC_AUTH_USER_INFO + " set to user:password");
                }
                return userInfo;
            case "URL":
                if (fromUrl == null) {
                    throw new ConfigException(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source,
                            "URL needs credentials in " + SerdeConfig.SCHEMA_REGISTRY_URL + ", as in https://user:password@host");
                }
                return fromUrl;
            default:
                throw new ConfigException(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source,
                        "expected USER_INFO or URL; SASL_INHERIT is not supported");
        }
    }

    /** Returns the URLs with any user info removed, so credentials never appear in requests or messages. */
    public static List<URI> withoutUserInfo(List<URI> urls) {
        List<URI> stripped = new ArrayList<>(urls.size());
        for (URI url : urls) {
            if (url.getRawUserInfo() == null) {
                stripped.add(url);
                continue;
            }
            try {
                stripped.add(new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null));
            } catch (URISyntaxException e) {
                throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL, url.getHost(), "invalid URL: " + e.getMessage());
            }
        }
        return stripped;
    }
}
