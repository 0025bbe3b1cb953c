package org.sentistream.serde.internals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.config.ConfigException;
import org.sentistream.serde.SerdeConfig;

/** Builds the TLS context of the registry client from the {@code schema.registry.ssl.*} keys. */
public final class RegistryTls {

    private static final String DEFAULT_STORE_TYPE = "PKCS12";

    private RegistryTls() {
    }

    /**
     * Returns a TLS context with the configured trust store and key store, or null when neither is
     * configured, in which case the JDK's default context (its CA certificates) applies. The
     * HTTP client always verifies that the certificate matches the registry's host name.
     *
     * @throws ConfigException when a store cannot be read or its password is wrong
     */
    public static SSLContext sslContext(Map<String, ?> configs) {
        String trustStore = text(configs, SerdeConfig.SSL_TRUSTSTORE_LOCATION);
        String keyStore = text(configs, SerdeConfig.SSL_KEYSTORE_LOCATION);
        if (trustStore == null && keyStore == null) {
            return null;
        }

        try {
            TrustManager[] trustManagers = null;
            if (trustStore != null) {
                KeyStore store = load(SerdeConfig.SSL_TRUSTSTORE_LOCATION, trustStore,
                        text(configs, SerdeConfig.SSL_TRUSTSTORE_TYPE), text(configs, SerdeConfig.SSL_TRUSTSTORE_PASSWORD));
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trustManagers = factory.getTrustManagers();
            }

            KeyManager[] keyManagers = null;
            if (keyStore != null) {
                String storePassword = text(configs, SerdeConfig.SSL_KEYSTORE_PASSWORD);
                String keyPassword = text(configs, SerdeConfig.SSL_KEY_PASSWORD);
                KeyStore store = load(SerdeConfig.SSL_KEYSTORE_LOCATION, keyStore,
                        text(configs, SerdeConfig.SSL_KEYSTORE_TYPE), storePassword);
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, chars(keyPassword != null ? keyPassword : storePassword));
                keyManagers = factory.getKeyManagers();
            }

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Invalid schema registry TLS settings: " + e.getMessage()
                    + "; check the " + SerdeConfig.SSL_TRUSTSTORE_LOCATION + " and " + SerdeConfig.SSL_KEYSTORE_LOCATION
                    + " files, types and passwords");
        }
    }

    private static KeyStore load(String key, String location, String type, String password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type != null ? type : DEFAULT_STORE_TYPE);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, chars(password));
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read the store: " + e.getMessage()
                    + "; check the path, the store type and the password");
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    private static String text(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            return null;
        }
        // Kafka's Password type hides its value from toString().
        String text = value instanceof org.apache.kafka.common.config.types.Password password
                ? password.value() : value.toString();
        return text.isBlank() ? null : text.strip();
    }
}
