package org.sentistream.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the description of a consumer group through the Admin API on its own thread and measures
 * rebalances: how long the group takes to notice a membership change and how long it then takes until it
 * is STABLE again with the expected members and every input partition assigned.
 *
 * <p>Kafka Streams rebalances cooperatively, so after the first round the group is briefly STABLE with
 * revoked partitions unowned. Requiring every partition to be assigned skips those intermediate states.
 * The resolution is the poll interval plus one DescribeGroups round trip. Only changes of the description
 * are kept.
 */
public final class GroupWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWatcher.class);

    /** Poll interval of the group description. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final Admin admin;
    private final String groupId;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * One observation of the group.
     *
     * @param epochMillis wall-clock time of the observation
     * @param state group state
     * @param memberIds ids of the members
     * @param assignedPartitions partitions assigned to any member
     */
    public record Snapshot(long epochMillis, GroupState state, Set<String> memberIds, int assignedPartitions) {
    }

    /**
     * Timing of one rebalance.
     *
     * @param detectMs from the membership change to the first observation that the group changed
     * @param rebalanceMs from that observation until the group is STABLE with all partitions assigned
     */
    public record Rebalance(long detectMs, long rebalanceMs) {

        public long totalMs() {
            return detectMs + rebalanceMs;
        }
    }

    /** Starts watching {@code groupId}, the application.id of a Kafka Streams application. */
    public GroupWatcher(String bootstrapServers, String groupId) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        this.groupId = groupId;
        this.thread = new Thread(this::pollLoop, "sentistream-group-watcher-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    private void pollLoop() {
        while (running) {
            try {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(groupId))
                        .describedGroups().get(groupId).get(5, TimeUnit.SECONDS);
                record(description);
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // A broker restart or a coordinator move; the next poll retries.
                LOG.debug("Describing group {} failed: {}", groupId, e.toString());
            }
        }
    }

    private void record(ConsumerGroupDescription description) {
        Set<String> members = new HashSet<>();
        int assigned = 0;
        for (MemberDescription member : description.members()) {
            members.add(member.consumerId());
            assigned += member.assignment().topicPartitions().size();
        }
        Snapshot snapshot = new Snapshot(System.currentTimeMillis(), description.groupState(), Set.copyOf(members),
                assigned);
        synchronized (snapshots) {
            Snapshot previous = snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
            // Only changes are kept, so a long watch stays small; each one is the first observation of its state.
            if (previous == null || previous.state() != snapshot.state()
                    || !previous.memberIds().equals(snapshot.memberIds())
                    || previous.assignedPartitions() != snapshot.assignedPartitions()) {
                LOG.debug("Group {}: {} with {} members and {} partitions assigned", groupId, snapshot.state(),
                        members.size(), assigned);
                snapshots.add(snapshot);
            }
        }
    }

    /** Returns true if the latest observation is STABLE with {@code members} members and all partitions assigned. */
    public boolean isSettled(int members, int partitions) {
        Snapshot latest = latest();
        return latest != null && settled(latest, members, partitions);
    }

    /**
     * Waits until the group is STABLE with {@code members} members and {@code partitions} partitions assigned.
     *
     * @return false if the timeout passed first
     */
    public boolean awaitSettled(int members, int partitions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isSettled(members, partitions)) {
                return true;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return false;
    }

    /**
     * Waits for the rebalance that follows a membership change at {@code changeMillis} and returns its timing.
     * The group counts as changed at the first observation after {@code changeMillis} whose state is not STABLE
     * or whose members differ from those just before the change.
     *
     * @param changeMillis wall-clock time of the change, such as the moment a SIGTERM was sent
     * @param members members expected once the group is settled
     * @param partitions input partitions that must all be assigned
     * @throws TimeoutException if the group does not settle within the timeout
     */
    public Rebalance awaitRebalance(long changeMillis, int members, int partitions, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Rebalance rebalance = find(changeMillis, members, partitions);
            if (rebalance != null) {
                return rebalance;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new TimeoutException("Group " + groupId + " did not settle with " + members + " members and "
                + partitions + " partitions assigned within " + timeout.toMillis() + " ms; latest: " + latest());
    }

    private Rebalance find(long changeMillis, int members, int partitions) {
        List<Snapshot> copy;
        synchronized (snapshots) {
            copy = List.copyOf(snapshots);
        }

        Set<String> before = null;
        Snapshot detected = null;
        for (Snapshot snapshot : copy) {
            if (snapshot.epochMillis() <= changeMillis) {
                before = snapshot.memberIds();
                continue;
            }
            if (detected == null && (snapshot.state() != GroupState.STABLE || !snapshot.memberIds().equals(before))) {
                detected = snapshot;
            }
            if (detected != null && settled(snapshot, members, partitions)) {
                return new Rebalance(Math.max(0, detected.epochMillis() - changeMillis),
                        snapshot.epochMillis() - detected.epochMillis());
            }
        }
        return null;
    }

    private static boolean settled(Snapshot snapshot, int members, int partitions) {
        return snapshot.state() == GroupState.STABLE && snapshot.memberIds().size() == members
                && snapshot.assignedPartitions() == partitions;
    }

    /** Returns the latest observation, or null before the first. */
    public Snapshot latest() {
        synchronized (snapshots) {
            return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        admin.close(Duration.ofSeconds(5));
    }
}
