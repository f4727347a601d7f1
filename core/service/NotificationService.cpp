#include "core/service/NotificationService.h"

#include "core/service/ChannelRegistry.h"
#include "core/service/ServiceSupport.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kAccepted = u"accepted"_s;
const QString kDuplicate = u"duplicate"_s;
const QString kRejected = u"rejected"_s;
const QString kCause = u"channel.notification"_s;

QString headersJson(const InboundHttp& request)
{
    QJsonObject o;
    for (auto it = request.headers.cbegin(); it != request.headers.cend(); ++it)
        o.insert(QString::fromLatin1(it.key()), QString::fromUtf8(it.value()));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString outTradeNoOf(const ChannelNotification* n)
{
    if (!n)
        return {};
    if (n->trade)
        return n->trade->outTradeNo;
    if (n->refund)
        return n->refund->outTradeNo;
    return {};
}

/// Stores the raw notification with its verdict; returns its id, or 0 when `verdict` is "accepted" and another
/// delivery of the same notification id was accepted first (PostgreSQL: ON CONFLICT on the partial unique index,
/// so the race is reported without aborting the transaction; SQLite's writers are serialised by BEGIN IMMEDIATE).
Result<qint64> insertRow(const QSqlDatabase& db, ChannelKind kind, const InboundHttp& request, const QString& verdict,
                         const QString& reason, const ChannelNotification* parsed, qint64 paymentId, qint64 nowMs)
{
    const bool pg = db.driverName() == u"QPSQL"_s;
    const QString statement = u"INSERT INTO notifications (channel, notification_id, verdict, reason, event_type, "
                              u"out_trade_no, payment_id, headers, body, received_at) VALUES (:channel, :nid, :verdict, "
                              u":reason, :event, :no, :payment, :headers, :body, :at)"_s
        + (pg && verdict == kAccepted
               ? u" ON CONFLICT (channel, notification_id) WHERE verdict = 'accepted' DO NOTHING RETURNING id"_s
               : u" RETURNING id"_s);
    auto q = sql::execCached(db, statement,
                             {{u":channel"_s, channelKindName(kind)},
                              {u":nid"_s, sql::nullableString(parsed ? parsed->notificationId : QString())},
                              {u":verdict"_s, verdict},
                              {u":reason"_s, reason},
                              {u":event"_s, parsed ? parsed->eventType : QString()},
                              {u":no"_s, sql::nullableString(outTradeNoOf(parsed))},
                              {u":payment"_s, sql::nullableInt(paymentId, paymentId == 0)},
                              {u":headers"_s, headersJson(request)},
                              {u":body"_s, request.body.isNull() ? QByteArray("") : request.body},
                              {u":at"_s, nowMs}});
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next()) {
        if (pg && verdict == kAccepted)
            return qint64(0);
        return fail(ErrorCode::DbError, u"notification insert returned no id"_s);
    }
    const qint64 id = q->value(0).toLongLong();
    q->finish();
    return id;
}

Result<bool> alreadyAccepted(const QSqlDatabase& db, ChannelKind kind, const QString& notificationId)
{
    // One read of the partial unique index.
    auto q = sql::execCached(db,
                             u"SELECT 1 FROM notifications WHERE channel = :channel AND notification_id = :nid "
                             u"AND verdict = 'accepted'"_s,
                             {{u":channel"_s, channelKindName(kind)}, {u":nid"_s, notificationId}});
    if (!q)
        return tl::unexpected(q.error());
    const bool seen = q->next();
    q->finish();
    return seen;
}

} // namespace

NotificationService::NotificationService(const Database& database, const Clock& clock, ChannelRegistry& channels,
                                         const ChannelFactApplier& applier, NotificationBatching batching)
    : m_database(database)
    , m_clock(clock)
    , m_channels(channels)
    , m_applier(applier)
{
    if (batching.maxBatch > 1) {
        m_group = std::make_unique<GroupCommit<Item>>(batching.maxBatch, batching.concurrentBatches,
                                                      [this](const QList<Item*>& batch) { commitBatch(batch); });
    }
}

NotificationService::~NotificationService() = default;

NotificationService::BatchStats NotificationService::batchStats() const
{
    if (!m_group)
        return {};
    const auto [batches, items] = m_group->counts();
    return {batches, items, m_fallbacks.load()};
}

Result<NotificationResult> NotificationService::handle(ChannelKind kind, const InboundHttp& request)
{
    auto channel = m_channels.channel(kind);
    if (!channel)
        return tl::unexpected(channel.error());
    auto parsed = (*channel)->parseNotification(request);
    if (!parsed)
        return rejected(kind, **channel, request, parsed.error(), nullptr);
    if (parsed->notificationId.isEmpty())
        return rejected(kind, **channel, request, Error{ErrorCode::MalformedInput, u"notification without an id"_s},
                        &*parsed);
    if (m_group && parsed->kind == ChannelNotification::Kind::Payment && parsed->trade) {
        Item item{kind, *channel, &request, &*parsed, std::nullopt};
        m_group->submit(item);
        if (!item.result)
            return fail(ErrorCode::Internal, u"notification left unfinished by its group commit"_s);
        return std::move(*item.result);
    }
    return commitOne(kind, **channel, request, *parsed);
}

Result<NotificationResult> NotificationService::rejected(ChannelKind kind, Channel& channel,
                                                         const InboundHttp& request, const Error& error,
                                                         const ChannelNotification* parsed) const
{
    NotificationResult result;
    result.verdict = kRejected;
    result.reason = errorCodeName(error.code) + u": "_s + error.detail;
    auto stored = storeRejected(kind, request, result.reason, parsed);
    if (!stored)
        return tl::unexpected(stored.error());
    result.storedId = *stored;
    result.ack = channel.acknowledgement(false);
    return result;
}

void NotificationService::commitBatch(const QList<Item*>& batch)
{
    if (batch.size() > 1) {
        QList<NotificationResult> results;
        if (commitTogether(batch, &results)) {
            for (qsizetype i = 0; i < batch.size(); ++i) {
                results[i].ack = batch[i]->channel->acknowledgement(true); // the group's commit succeeded
                batch[i]->result = std::move(results[i]);
            }
            return;
        }
        m_fallbacks.fetch_add(1);
    }
    for (Item* item : batch)
        item->result = commitOne(item->kind, *item->channel, *item->request, *item->parsed);
}

Status NotificationService::commitTogether(const QList<Item*>& batch, QList<NotificationResult>* results)
{
    // Payment rows are locked in order number order, the same order in every group, so two groups (in this process
    // or another) never wait for each other in a circle; the head rows come last (DeferredHeads).
    QList<qsizetype> order(batch.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&batch](qsizetype a, qsizetype b) {
        return batch[a]->parsed->trade->outTradeNo < batch[b]->parsed->trade->outTradeNo;
    });
    results->resize(batch.size());
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, m_database.dialect());
    if (!tx.isActive())
        return tx.beginStatus();
    DeferredHeads heads(*db);
    QSet<std::pair<int, QString>> accepted; // (channel, notification id) accepted earlier in this group
    for (const qsizetype i : order) {
        const Item& item = *batch[i];
        NotificationResult& result = (*results)[i];
        const auto key = std::make_pair(int(item.kind), item.parsed->notificationId);
        bool duplicate = accepted.contains(key);
        if (!duplicate) {
            auto seen = alreadyAccepted(*db, item.kind, item.parsed->notificationId);
            if (!seen)
                return tl::unexpected(seen.error());
            duplicate = *seen;
        }
        if (!duplicate) {
            auto applied = m_applier.applyTradeIn(*db, item.kind, *item.parsed->trade, kCause,
                                                  u"system:notify:"_s + channelKindName(item.kind));
            if (!applied)
                return tl::unexpected(applied.error());
            result.outcome = *applied;
            accepted.insert(key);
        }
        result.verdict = duplicate ? kDuplicate : kAccepted;
        auto stored = insertRow(*db, item.kind, *item.request, result.verdict, {}, item.parsed,
                                result.outcome.paymentId, m_clock.nowMSecs());
        if (!stored)
            return tl::unexpected(stored.error());
        if (*stored == 0)
            return fail(ErrorCode::ConcurrentModification, u"notification accepted concurrently"_s);
        result.storedId = *stored;
    }
    if (auto s = heads.flush(); !s)
        return s;
    return tx.commit();
}

Result<NotificationResult> NotificationService::commitOne(ChannelKind kind, Channel& channel,
                                                          const InboundHttp& request,
                                                          const ChannelNotification& notification)
{
    const ChannelNotification* parsed = &notification;
    NotificationResult result;
    // The duplicate path first, with no transaction and no row lock: one indexed read, then the raw copy stored
    // with its verdict (a single INSERT commits on its own). A fifth of a channel's deliveries are retries.
    {
        auto db = m_database.connection();
        if (!db)
            return tl::unexpected(db.error());
        auto seen = alreadyAccepted(*db, kind, parsed->notificationId);
        if (!seen)
            return tl::unexpected(seen.error());
        if (*seen) {
            auto stored = insertRow(*db, kind, request, kDuplicate, {}, parsed, 0, m_clock.nowMSecs());
            if (!stored)
                return tl::unexpected(stored.error());
            result.verdict = kDuplicate;
            result.storedId = *stored;
            result.ack = channel.acknowledgement(true); // the row above is committed
            return result;
        }
    }

    int attempt = 0;
    const auto storeAndApply = [&](bool asDuplicate) {
        return service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
            // audit_head and event_counter are written last, just before COMMIT (see DeferredHeads).
            DeferredHeads heads(db);
            const qint64 now = m_clock.nowMSecs();
            result.outcome = {};
            bool duplicate = asDuplicate;
            // The first attempt follows the read above; a retried one must look again.
            if (!duplicate && attempt++ > 0) {
                auto seen = alreadyAccepted(db, kind, parsed->notificationId);
                if (!seen)
                    return tl::unexpected(seen.error());
                duplicate = *seen;
            }
            if (!duplicate) {
                                const QString actor = u"system:notify:"_s + channelKindName(kind);
                if (parsed->kind == ChannelNotification::Kind::Payment && parsed->trade) {
                    auto applied = m_applier.applyTradeIn(db, kind, *parsed->trade, kCause, actor);
                    if (!applied)
                        return tl::unexpected(applied.error());
                    result.outcome = *applied;
                } else if (parsed->kind == ChannelNotification::Kind::Refund && parsed->refund) {
                    auto applied = m_applier.applyRefundIn(db, kind, *parsed->refund, kCause, actor);
                    if (!applied)
                        return tl::unexpected(applied.error());
                    result.outcome = *applied;
                } else {
                    return fail(ErrorCode::MalformedInput,
                                u"notification %1 carries no trade or refund"_s.arg(parsed->eventType));
                }
            }
            result.verdict = duplicate ? kDuplicate : kAccepted;
            auto stored = insertRow(db, kind, request, result.verdict, {}, parsed, result.outcome.paymentId, now);
            if (!stored)
                return tl::unexpected(stored.error());
            if (*stored == 0) {
                // Another delivery of this notification committed "accepted" after our read: undo what we applied
                // and retry, which then finds it and stores ours as a duplicate.
                return fail(ErrorCode::ConcurrentModification,
                            u"notification %1 accepted concurrently"_s.arg(parsed->notificationId));
            }
            result.storedId = *stored;
            return heads.flush();
        });
    };

    auto done = storeAndApply(false);
    if (!done && done.error().code == ErrorCode::DbConstraint) {
        // Two deliveries of the same notification may have raced, the other one's "accepted" row winning the unique
        // index: then ours is a duplicate. Any other constraint (a transaction id already used by another payment)
        // is a rejection.
        auto db = m_database.connection();
        if (!db)
            return tl::unexpected(db.error());
        auto seen = alreadyAccepted(*db, kind, parsed->notificationId);
        if (!seen)
            return tl::unexpected(seen.error());
        if (*seen)
            done = storeAndApply(true);
    }
    if (!done) {
        const ErrorCode code = done.error().code;
        if (code == ErrorCode::DbUnavailable || code == ErrorCode::DbError)
            return tl::unexpected(done.error()); // storage trouble: nothing acknowledged, the channel retries
        return rejected(kind, channel, request, done.error(), parsed);
    }
    result.ack = channel.acknowledgement(true); // only now: the commit above succeeded
    return result;
}

Result<qint64> NotificationService::storeRejected(ChannelKind kind, const InboundHttp& request, const QString& reason,
                                                  const ChannelNotification* parsed) const
{
    qint64 id = 0;
    auto s = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto stored = insertRow(db, kind, request, kRejected, reason, parsed, 0, m_clock.nowMSecs());
        if (!stored)
            return tl::unexpected(stored.error());
        id = *stored;
        return {};
    });
    if (!s)
        return tl::unexpected(s.error());
    return id;
}

} // namespace paydesk
