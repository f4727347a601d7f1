#pragma once

#include "core/channels/ChannelTypes.h"
#include "core/service/ChannelFactApplier.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelRegistry;
class Clock;
class Database;

/// What became of one inbound notification.
struct NotificationResult {
    NotificationAck ack; ///< send exactly this back to the channel
    QString verdict;     ///< "accepted", "duplicate" or "rejected"
    QString reason;      ///< why it was rejected (an error code name and detail)
    qint64 storedId = 0; ///< the notifications row
    ApplyOutcome outcome;
};

/// Handles a raw notification for a channel: verify and decode (parseNotification), store it raw with its verdict,
/// and apply it through ChannelFactApplier in ONE transaction with the state change; only after the commit is the
/// channel's success acknowledgement returned. A rejected notification (bad signature, unknown order, amount or
/// merchant mismatch, ...) is stored with its reason, changes nothing else and is answered acknowledgement(false),
/// so the channel delivers it again. A repeat of an accepted notification id is stored as "duplicate" and
/// acknowledged as success.
class NotificationService final
{
public:
    NotificationService(const Database& database, const Clock& clock, ChannelRegistry& channels,
                        const ChannelFactApplier& applier);

    /// NotFound when no channel of that kind is configured; any failure to store returns an error, and the caller
    /// should answer 500 (nothing was acknowledged, the channel retries).
    [[nodiscard]] Result<NotificationResult> handle(ChannelKind kind, const InboundHttp& request);

private:
    [[nodiscard]] Result<qint64> storeRejected(ChannelKind kind, const InboundHttp& request, const QString& reason,
                                               const ChannelNotification* parsed) const;

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_channels;
    const ChannelFactApplier& m_applier;
};

} // namespace paydesk
