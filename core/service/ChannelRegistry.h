#pragma once

#include <memory>

#include <QMap>
#include <QReadWriteLock>

#include "core/channels/Channel.h"
#include "core/util/Result.h"

namespace paydesk {

/// The channels a process talks to, by kind. Injected into the services so that tests (and training mode) supply
/// their own.
///
/// Shared ownership, because channels are replaced while they are in use: saving the settings reloads them while
/// notification workers, the group writer, cashier polling and refunds are in the middle of channel calls. channel()
/// hands out a reference of its own, which keeps that channel alive until the caller drops it, however many
/// reloads happen meanwhile; a replaced channel is destroyed when its last call ends. So a caller holds what
/// channel() returned for the length of one call (`auto channel = registry.channel(kind); (*channel)->query(...)`)
/// and never keeps a plain pointer to a channel beyond that.
class ChannelRegistry final
{
public:
    ChannelRegistry() = default;
    ChannelRegistry(const ChannelRegistry&) = delete;
    ChannelRegistry& operator=(const ChannelRegistry&) = delete;

    /// Registers (or replaces, in one step: no caller ever finds the kind missing) the channel for its kind.
    void add(std::shared_ptr<Channel> channel);
    /// Tests and embedding only: registers a channel the registry does not own (one on the test's stack). Its owner
    /// must keep it alive until the registry and every call on it are gone; never for a channel that is reloaded.
    void add(Channel* channel);
    void remove(ChannelKind kind);
    /// NotFound when no channel of that kind is configured. Hold the result for the length of the call only.
    [[nodiscard]] Result<std::shared_ptr<Channel>> channel(ChannelKind kind) const;

private:
    mutable QReadWriteLock m_lock;
    QMap<ChannelKind, std::shared_ptr<Channel>> m_channels;
};

} // namespace paydesk
