#pragma once

#include <memory>
#include <vector>

#include <QList>

#include "core/channels/Channel.h"
#include "core/service/ChannelSettings.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelConfigStore;
class ChannelRegistry;
class Clock;

/// Builds the channel adapters from stored settings (keys parsed here; KeyInvalid / InvalidArgument when they
/// cannot work). The clock must outlive the channel.
[[nodiscard]] Result<std::unique_ptr<Channel>> makeWeChatPay(const WeChatPaySettings& settings, const Clock& clock);
[[nodiscard]] Result<std::unique_ptr<Channel>> makeAlipay(const AlipaySettings& settings, const Clock& clock);

/// The channels a process has configured: owns the adapters and registers them in a ChannelRegistry.
class ConfiguredChannels final
{
public:
    explicit ConfiguredChannels(ChannelRegistry& registry);
    ~ConfiguredChannels();
    ConfiguredChannels(const ConfiguredChannels&) = delete;
    ConfiguredChannels& operator=(const ConfiguredChannels&) = delete;

    /// Loads every channel that is configured and enabled, replacing what was loaded before. A channel that is
    /// not configured is skipped; any other failure (wrong master key, unusable key) is returned and leaves the
    /// registry without that channel. The channels it replaces are destroyed: reload only while no call on them
    /// is in flight (the registry hands out plain pointers).
    [[nodiscard]] Status load(const ChannelConfigStore& store, const Clock& clock);
    /// The kinds currently registered by this object.
    [[nodiscard]] QList<ChannelKind> kinds() const;
    /// The loaded channel of that kind, or nullptr.
    [[nodiscard]] Channel* channel(ChannelKind kind) const;

private:
    void clear();

    ChannelRegistry& m_registry;
    std::vector<std::unique_ptr<Channel>> m_channels;
};

} // namespace paydesk
