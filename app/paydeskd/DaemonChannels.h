#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/channels/Channel.h"
#include "core/crypto/SecretBox.h"
#include "core/service/ChannelFactory.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelConfigStore;
class ChannelRegistry;
class Clock;
class Database;

/// paydeskd's channels, loaded once at start from the database (sealed secrets opened with the master key from
/// $PAYDESK_MASTER_KEY_FILE). Not reloaded while running: a configuration change takes a restart (safe at any
/// moment). The registry shares ownership of the adapters with the calls in flight on them.
class DaemonChannels final
{
public:
    DaemonChannels(const Database& database, const Clock& clock, ChannelRegistry& registry);
    ~DaemonChannels();
    DaemonChannels(const DaemonChannels&) = delete;
    DaemonChannels& operator=(const DaemonChannels&) = delete;

    /// With an empty `notifyBaseUrl` the stored settings are used as they are (ConfiguredChannels); otherwise each
    /// channel is told notifyBaseUrl + "/notify/<channel>" instead of its stored notify URL.
    [[nodiscard]] Status load(const QString& notifyBaseUrl);
    /// "wechatpay, alipay", or "none".
    [[nodiscard]] QString describe() const;

private:
    [[nodiscard]] Status loadWithNotifyBase(const QString& notifyBaseUrl, const ChannelConfigStore& store);

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_registry;
    std::optional<crypto::SecretBox> m_box;
    ConfiguredChannels m_configured;
    std::vector<std::shared_ptr<Channel>> m_own;
    QList<ChannelKind> m_kinds;
};

} // namespace paydesk
