#pragma once

#include "core/channels/Channel.h"
#include "core/util/Result.h"

#include <QMap>
#include <QReadWriteLock>

namespace paydesk {

/// The channels a process talks to, by kind. Injected into the services so that tests (and training mode) supply
/// their own; the registry does not own the channels.
class ChannelRegistry final
{
public:
    ChannelRegistry() = default;
    ChannelRegistry(const ChannelRegistry&) = delete;
    ChannelRegistry& operator=(const ChannelRegistry&) = delete;

    /// Registers (or replaces) the channel for its kind. The channel must outlive the registry's users.
    void add(Channel* channel);
    void remove(ChannelKind kind);
    /// NotFound when no channel of that kind is configured.
    [[nodiscard]] Result<Channel*> channel(ChannelKind kind) const;

private:
    mutable QReadWriteLock m_lock;
    QMap<ChannelKind, Channel*> m_channels;
};

} // namespace paydesk
