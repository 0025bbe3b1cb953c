package org.sentistream.connect.mastodon;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.sentistream.connect.internals.PluginVersion;

/**
 * Source connector that streams public Mastodon statuses of the public or a hashtag timeline
 * into {@link org.sentistream.schemas.SocialPost} records. One timeline is one stream, so the
 * connector runs a single task whatever the value of {@code tasks.max}. Settings are in
 * {@link MastodonSourceConfig}.
 */
public class MastodonSourceConnector extends SourceConnector {

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> props) {
        new MastodonSourceConfig(props);
        this.settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MastodonSourceTask.class;
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
        return MastodonSourceConfig.CONFIG_DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
