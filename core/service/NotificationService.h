#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include <QSet>

#include "core/channels/ChannelTypes.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/GroupCommit.h"
#include "core/service/GroupCommitCounts.h"
#include "core/service/NotificationRows.h"
#include "core/util/Result.h"

namespace paydesk {

class Channel;
class ChannelRegistry;
class Clock;
class Database;

/// Group commit of verified payment notifications (see GroupCommit). maxBatch 1 turns it off.
struct NotificationBatching
{
    int maxBatch = 32;
    int concurrentBatches = 1;
};

/// What became of one inbound notification.
struct NotificationResult
{
    NotificationAck ack; ///< send exactly this back to the channel
    QString verdict; ///< "accepted", "duplicate" or "rejected"
    QString reason; ///< why it was rejected (an error code name and detail)
    qint64 storedId = 0; ///< the notifications row
    ApplyOutcome outcome;
};

/// Handles a raw notification for a channel: verify and decode (parseNotification), store it raw with its verdict,
/// and apply it through ChannelFactApplier in ONE transaction with the state change; only after the commit is the
/// channel's success acknowledgement returned. A rejected notification (bad signature, unknown order, amount or
/// merchant mismatch, ...) is stored with its reason, changes nothing else and is answered acknowledgement(false),
/// so the channel delivers it again. A repeat of an accepted notification id is stored as "duplicate" and
/// acknowledged as success.
///
/// Verification runs on the caller's thread. Payment notifications that pass it are then committed in groups, by
/// GroupCommit's writer thread: concurrent ones are written together in one transaction, the same on both engines
/// (each still decided by ChannelFactApplier, stored raw with its verdict, and acknowledged only after the group's
/// commit). If anything in a group fails, nothing of it is written and each of its notifications goes through the
/// one-at-a-time path, so one bad notification never costs another its acknowledgement. Refund notifications always
/// go one at a time.
class NotificationService final
{
public:
    NotificationService(const Database& database,
        const Clock& clock,
        ChannelRegistry& channels,
        const ChannelFactApplier& applier,
        NotificationBatching batching = {});
    /// Finishes the notifications already handed to the group writer (their callers get their answers), then
    /// stops it. No new handle() may start once destruction has begun: the server drains before it goes.
    ~NotificationService();

    /// NotFound when no channel of that kind is configured; any failure to store returns an error, and the caller
    /// should answer 500 (nothing was acknowledged, the channel retries). When the notification fails verification
    /// and `mayStoreUnverified` says no (anyone can send those: the server caps them per source), it is rejected
    /// without being stored: storedId 0.
    [[nodiscard]] Result<NotificationResult> handle(
        ChannelKind kind, const InboundHttp& request, const std::function<bool()>& mayStoreUnverified = {});

    [[nodiscard]] GroupCommitCounts groupCommitCounts() const;

private:
    struct Item
    {
        ChannelKind kind;
        std::shared_ptr<Channel> channel; ///< held until the group wrote it, however often channels are reloaded
        const InboundHttp* request;
        const ChannelNotification* parsed;
        QString headers; ///< notification_rows::headersJson, made on the caller's thread
        std::optional<Result<NotificationResult>> result;
    };

    [[nodiscard]] Result<NotificationResult> commitOne(
        ChannelKind kind, Channel& channel, const InboundHttp& request, const ChannelNotification& parsed);
    [[nodiscard]] Result<NotificationResult> rejected(ChannelKind kind,
        Channel& channel,
        const InboundHttp& request,
        const Error& error,
        const ChannelNotification* parsed) const;
    void commitBatch(const QList<Item*>& batch);
    [[nodiscard]] Status commitTogether(const QList<Item*>& batch, QList<NotificationResult>* results);
    /// Verdicts for a group: returns the facts to apply, their batch indexes in `applied`.
    [[nodiscard]] QList<ChannelFactApplier::TradeFact> sortOut(const QList<Item*>& batch,
        const QSet<QPair<int, QString>>& acceptedBefore,
        QList<NotificationResult>* results,
        QList<qsizetype>* applied) const;
    [[nodiscard]] QList<notification_rows::Row> rowsOf(
        const QList<Item*>& batch, const QList<NotificationResult>& results) const;
    [[nodiscard]] Result<qint64> storeRejected(
        ChannelKind kind, const InboundHttp& request, const QString& reason, const ChannelNotification* parsed) const;

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_channels;
    const ChannelFactApplier& m_applier;
    std::atomic<qint64> m_fallbacks { 0 };
    /// Last, so that it goes first: its writer threads run commitBatch(), which uses the members above, until
    /// the destructor has joined them (the destructor also stops it explicitly, so a member added below this
    /// line cannot undo that).
    std::unique_ptr<GroupCommit<Item>> m_group;
};

} // namespace paydesk
