package org.sentistream.connect.mastodon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.sentistream.connect.internals.ConnectRecords;
import org.sentistream.connect.internals.PluginVersion;
import org.sentistream.connect.internals.Pseudonymizer;
import org.sentistream.connect.mastodon.internals.Backoff;
import org.sentistream.connect.mastodon.internals.MastodonHttp;
import org.sentistream.connect.internals.RateLimiter;
import org.sentistream.connect.mastodon.internals.StatusMapper;
import org.sentistream.connect.mastodon.internals.StatusReader;
import org.sentistream.schemas.SocialPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task of {@link MastodonSourceConnector}. A background {@link StatusReader} thread fills a
 * bounded queue that {@link #poll()} drains. The source partition is the server and timeline, and
 * the source offset is the newest status id seen, from which a restarted task backfills.
 */
public class MastodonSourceTask extends SourceTask {

    /** Source partition key holding the server's base URL. */
    public static final String PARTITION_SERVER = "server";
    /** Source partition key holding the timeline, {@code public} or {@code hashtag:<tag>}. */
    public static final String PARTITION_TIMELINE = "timeline";
    /** Source offset key holding the newest status id seen. */
    public static final String OFFSET_STATUS_ID = "status_id";

    private static final Logger LOG = LoggerFactory.getLogger(MastodonSourceTask.class);
    private static final long POLL_WAIT_MS = 1_000;
    private static final ConnectRecords<SocialPost> POSTS = new ConnectRecords<>(SocialPost.getClassSchema());

    private MastodonSourceConfig config;
    private Map<String, String> sourcePartition;
    private BlockingQueue<StatusReader.Item> queue;
    private StatusReader reader;
    private Thread readerThread;

    @Override
    public void start(Map<String, String> props) {
        config = new MastodonSourceConfig(props);
        // Connect stores offsets under the JSON of the partition map in iteration order, so the map must keep
        // one fixed order across restarts: Map.of iterates in an order that changes from JVM to JVM.
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put(PARTITION_SERVER, config.baseUrl().toString());
        partition.put(PARTITION_TIMELINE, config.timelineName());
        sourcePartition = Collections.unmodifiableMap(partition);
        String resumeFrom = committedStatusId();

        MastodonHttp http = new MastodonHttp(config.baseUrl(), config.hashtagTimeline() ? config.hashtag() : null,
                config.accessToken(), config.connectTimeout(), new RateLimiter(config.requestsPerSecond()));
        StatusMapper mapper = new StatusMapper(config.baseUrl().getHost(), new Pseudonymizer(config.authorHashKey()),
                config.includeUrl());
        queue = new ArrayBlockingQueue<>(config.queueCapacity());
        reader = new StatusReader(http, mapper, queue,
                new Backoff(config.backoffInitial(), config.backoffMax(), config.backoffJitter()),
                config.idleTimeout(), config.backfillMaxPages(), config.timelineName(), resumeFrom);

        readerThread = new Thread(reader, "mastodon-reader-" + config.timelineName());
        readerThread.setDaemon(true);
        readerThread.start();
        LOG.info("Started Mastodon source on {} timeline {} to topic {}, resuming after status id {}",
                config.baseUrl(), config.timelineName(), config.topic(), resumeFrom);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        StatusReader.Item first = queue.poll(POLL_WAIT_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }

        List<StatusReader.Item> items = new ArrayList<>();
        items.add(first);
        queue.drainTo(items, config.batchMax() - 1);

        List<SourceRecord> records = new ArrayList<>(items.size());
        for (StatusReader.Item item : items) {
            SocialPost post = item.post();
            Map<String, String> offset = Map.of(OFFSET_STATUS_ID, item.newestStatusId());
            Long timestamp = post.getCreatedAt();
            records.add(new SourceRecord(sourcePartition, offset, config.topic(), null,
                    Schema.STRING_SCHEMA, post.getId(), POSTS.schema(), POSTS.toStruct(post), timestamp));
        }
        LOG.debug("Polled {} posts from the Mastodon {} timeline", records.size(), config.timelineName());
        return records;
    }

    @Override
    public void stop() {
        if (reader != null) {
            reader.stop();
            readerThread.interrupt();
        }
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    private String committedStatusId() {
        Map<String, Object> offset = context.offsetStorageReader().offset(sourcePartition);
        Object statusId = offset == null ? null : offset.get(OFFSET_STATUS_ID);
        return statusId == null ? null : statusId.toString();
    }
}
