package org.sentistream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sentistream.schemas.SocialPost;
import org.sentistream.serde.RestSchemaRegistryClient;

class ConcurrentRegistrationTest {

    private static final int THREADS = 8;

    private SchemaRegistryServer server;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start("127.0.0.1", 0);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void sameSubjectGetsOneId() throws Exception {
        Set<Integer> ids = registerConcurrently(i -> "posts-value");

        assertEquals(1, ids.size(), ids.toString());
        assertEquals("[1]", new Http(server.url()).get("/subjects/posts-value/versions").body());
    }

    @Test
    void manySubjectsGetOneId() throws Exception {
        Set<Integer> ids = registerConcurrently(i -> "topic-" + i + "-value");

        assertEquals(1, ids.size(), ids.toString());
        assertEquals(THREADS, Http.JSON.readTree(new Http(server.url()).get("/subjects").body()).size());
    }

    private interface SubjectForThread {
        String subject(int thread);
    }

    /** Registers SocialPost from every thread at once, each with its own client so no cache helps. */
    private Set<Integer> registerConcurrently(SubjectForThread subjects) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String subject = subjects.subject(i);
            Callable<Integer> task = () -> {
                try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(server.url())) {
                    go.await();
                    return client.register(subject, SocialPost.getClassSchema());
                }
            };
            results.add(pool.submit(task));
        }
        go.countDown();

        Set<Integer> ids = new HashSet<>();
        for (Future<Integer> result : results) {
            ids.add(result.get(30, TimeUnit.SECONDS));
        }
        return ids;
    }
}
