package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sentistream.registry.internals.InMemorySchemaStore;
import org.sentistream.registry.internals.RegistryHandler;
import org.sentistream.registry.internals.RegistryService;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.RegistryRequestException;
import org.sentistream.serde.RestSchemaRegistryClient;
import org.sentistream.serde.SerdeConfig;

/**
 * The REST client against the registry handler behind the JDK's HttpsServer, with a self-signed
 * certificate that keytool makes for 127.0.0.1, basic authentication and a client certificate.
 */
class SecureRegistryTest {

    private static final String PASSWORD = "changeit";
    private static final String USER_INFO = "alice:s3cret";

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", path("server.p12"), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=sentistream-client", "-keystore", path("client.p12"), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        trust("server.p12", "registry", "client-trust.p12");
        trust("client.p12", "client", "server-trust.p12");

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers("server.p12"), trustManagers("server-trust.p12"), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setWantClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        HttpContext context = server.createContext("/", new RegistryHandler(new RegistryService(new InMemorySchemaStore())));
        context.setAuthenticator(new BasicAuthenticator("registry") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return USER_INFO.equals(user + ":" + password);
            }
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void tlsWithUserInfoRegisters() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(configs(Map.of(
                SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SerdeConfig.BASIC_AUTH_USER_INFO, USER_INFO)))) {

            int id = client.register("social-posts-value", SocialPost.getClassSchema());

            assertEquals(SocialPost.getClassSchema(), new RestSchemaRegistryClient(configs(Map.of(
                    SerdeConfig.BASIC_AUTH_USER_INFO, USER_INFO))).getSchemaById(id));
        }
    }

    @Test
    void credentialsFromUrlAreUsed() throws Exception {
        Map<String, Object> configs = configs(Map.of(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL"));
        configs.put(SerdeConfig.SCHEMA_REGISTRY_URL, url.replace("https://", "https://" + USER_INFO + "@"));
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(configs)) {

            client.register("social-posts-value", SocialPost.getClassSchema());

            assertEquals(List.of(java.net.URI.create(url)), client.baseUrls());
        }
    }

    @Test
    void clientCertificateIsPresented() throws Exception {
        Map<String, Object> configs = configs(Map.of(SerdeConfig.BASIC_AUTH_USER_INFO, USER_INFO));
        configs.put(SerdeConfig.SSL_KEYSTORE_LOCATION, path("client.p12"));
        configs.put(SerdeConfig.SSL_KEYSTORE_PASSWORD, PASSWORD);
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(configs)) {

            assertEquals(1, client.register("social-posts-value", SocialPost.getClassSchema()));
        }
    }

    @Test
    void wrongPasswordIs401() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(configs(Map.of(
                SerdeConfig.BASIC_AUTH_USER_INFO, "alice:wrong")));

        RegistryRequestException e = assertThrows(RegistryRequestException.class,
                () -> client.register("social-posts-value", SocialPost.getClassSchema()));

        assertEquals(401, e.status());
    }

    @Test
    void untrustedCertificateFails() {
        Map<String, Object> configs = new HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url,
                SerdeConfig.BASIC_AUTH_USER_INFO, USER_INFO, SerdeConfig.MAX_RETRIES, 0));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(configs);

        IOException e = assertThrows(IOException.class, () -> client.getSchemaById(1));

        assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, e.getCause(), String.valueOf(e.getCause()));
    }

    private static Map<String, Object> configs(Map<String, Object> extra) {
        Map<String, Object> configs = new HashMap<>(extra);
        configs.put(SerdeConfig.SCHEMA_REGISTRY_URL, url);
        configs.put(SerdeConfig.MAX_RETRIES, 0);
        configs.put(SerdeConfig.SSL_TRUSTSTORE_LOCATION, path("client-trust.p12"));
        configs.put(SerdeConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD);
        configs.put(SerdeConfig.SSL_TRUSTSTORE_TYPE, "PKCS12");
        return configs;
    }

    /** Exports the certificate of {@code alias} from a key store and imports it into a new trust store. */
    private static void trust(String keyStore, String alias, String trustStore) throws Exception {
        String certificate = path(alias + ".pem");
        keytool("-exportcert", "-alias", alias, "-keystore", path(keyStore), "-storepass", PASSWORD, "-rfc",
                "-file", certificate);
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate, "-keystore", path(trustStore),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static javax.net.ssl.KeyManager[] keyManagers(String store) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(load(store), PASSWORD.toCharArray());
        return factory.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(String store) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(store));
        return factory.getTrustManagers();
    }

    private static KeyStore load(String store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(store))) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
