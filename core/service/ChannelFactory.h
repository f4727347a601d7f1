#pragma once

#include <memory>
#include <vector>

#include <QList>

#include "core/channels/Channel.h"
#include "core/store/ChannelSettings.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelConfigStore;
class ChannelRegistry;
class Clock;

/// Builds the channel adapters from stored settings (keys parsed here; KeyInvalid / InvalidArgument when they
/// cannot work). The clock must outlive the channel.
[[nodiscard]] Result<std::unique_ptr<Channel>> makeWeChatPay(const WeChatPaySettings& settings, const Clock& clock);
[[nodiscard]] Result<std::unique_ptr<Channel>> makeAlipay(const AlipaySettings& settings, const Clock& clock);

/// The channels a process has configured: builds the adapters and registers them in a ChannelRegistry, which shares
/// their ownership with the calls in flight on them.
class ConfiguredChannels final
{
public:
    explicit ConfiguredChannels(ChannelRegistry& registry);
    ~ConfiguredChannels();
    ConfiguredChannels(const ConfiguredChannels&) = delete;
    ConfiguredChannels& operator=(const ConfiguredChannels&) = delete;

    /// Loads every channel that is configured and enabled, replacing what was loaded before. A channel that is
    /// not configured is skipped; any other failure (wrong master key, unusable key) is returned and leaves the
    /// registry without that channel. Safe while calls are in flight: a channel that is replaced stays alive
    /// until the last call holding it returns (see ChannelRegistry). Call load() and the readers below on one
    /// thread.
    [[nodiscard]] Status load(const ChannelConfigStore& store, const Clock& clock);
    /// The kinds currently registered by this object.
    [[nodiscard]] QList<ChannelKind> kinds() const;
    /// The loaded channel of that kind, or null.
    [[nodiscard]] std::shared_ptr<Channel> channel(ChannelKind kind) const;

private:
    void clear();

    ChannelRegistry& m_registry;
    std::vector<std::shared_ptr<Channel>> m_channels;
};

} // namespace paydesk
