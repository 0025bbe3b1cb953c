package org.sentistream.connect.feedback;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.sentistream.connect.internals.PluginVersion;

/**
 * Source connector that reads customer feedback exports (CSV or JSON lines) dropped into a
 * directory and writes {@link org.sentistream.schemas.FeedbackEvent} records. A single task reads
 * the files one at a time in name order, so {@code tasks.max} above 1 has no effect. Settings are
 * in {@link FeedbackSourceConfig}.
 */
public class FeedbackSourceConnector extends SourceConnector {

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> props) {
        new FeedbackSourceConfig(props);
        this.settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FeedbackSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return FeedbackSourceConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
