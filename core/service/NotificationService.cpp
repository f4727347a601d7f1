#include "core/service/NotificationService.h"

#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationRows.h"
#include "core/service/ServiceSupport.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/Sql.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

using namespace notification_rows;

const QString kCause = u"channel.notification"_s;

/// The trade or refund a notification reports, applied through the one apply path in the caller's transaction.
Result<ApplyOutcome> applyNotified(
    const ChannelFactApplier& applier, const QSqlDatabase& db, ChannelKind kind, const ChannelNotification& n)
{
    const QString actor = u"system:notify:"_s + channelKindName(kind);
    if (n.kind == ChannelNotification::Kind::Payment && n.trade)
        return applier.applyTradeIn(db, kind, *n.trade, kCause, actor);
    if (n.kind == ChannelNotification::Kind::Refund && n.refund)
        return applier.applyRefundIn(db, kind, *n.refund, kCause, actor);
    return fail(ErrorCode::MalformedInput, u"notification %1 carries no trade or refund"_s.arg(n.eventType));
}

} // namespace

NotificationService::NotificationService(const Database& database,
    const Clock& clock,
    ChannelRegistry& channels,
    const ChannelFactApplier& applier,
    NotificationBatching batching)
    : m_database(database)
    , m_clock(clock)
    , m_channels(channels)
    , m_applier(applier)
{
    if (batching.maxBatch > 1) {
        m_group = std::make_unique<GroupCommit<Item>>(
            batching.maxBatch, batching.concurrentBatches, [this](const QList<Item*>& batch) {
                commitBatch(batch);
            });
    }
}

NotificationService::~NotificationService()
{
    // The group's writers call back into this object (commitBatch uses m_fallbacks and commitOne): they must be
    // joined while every member is still alive, which implicit member destruction alone would leave to the order of
    // declaration.
    m_group.reset();
}

GroupCommitCounts NotificationService::groupCommitCounts() const
{
    if (!m_group)
        return {};
    const auto [batches, items] = m_group->counts();
    return { batches, items, m_fallbacks.load(), m_group->queued() };
}

Result<NotificationResult> NotificationService::handle(
    ChannelKind kind, const InboundHttp& request, const std::function<bool()>& mayStoreUnverified)
{
    auto channel = m_channels.channel(kind);
    if (!channel)
        return tl::unexpected(channel.error());
    auto parsed = (*channel)->parseNotification(request);
    if (!parsed && mayStoreUnverified && !mayStoreUnverified())
        return NotificationResult { (*channel)->acknowledgement(false),
            kRejected,
            errorCodeName(parsed.error().code) + u": "_s + parsed.error().detail,
            0,
            {} };
    if (!parsed)
        return rejected(kind, **channel, request, parsed.error(), nullptr);
    if (parsed->notificationId.isEmpty())
        return rejected(
            kind, **channel, request, Error { ErrorCode::MalformedInput, u"notification without an id"_s }, &*parsed);
    if (m_group && parsed->kind == ChannelNotification::Kind::Payment && parsed->trade) {
        // What can be made here is, in parallel with other callers, rather than on the group's one writer thread.
        Item item { kind, *channel, &request, &*parsed, headersJson(request), std::nullopt };
        m_group->submit(item);
        if (!item.result)
            return fail(ErrorCode::Internal, u"notification left unfinished by its group commit"_s);
        return std::move(*item.result);
    }
    return commitOne(kind, **channel, request, *parsed);
}

Result<NotificationResult> NotificationService::rejected(ChannelKind kind,
    Channel& channel,
    const InboundHttp& request,
    const Error& error,
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

Result<NotificationResult> NotificationService::commitOne(
    ChannelKind kind, Channel& channel, const InboundHttp& request, const ChannelNotification& notification)
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
            auto stored = insert(*db, Row { kind, &request, kDuplicate, {}, parsed, 0, m_clock.nowMSecs(), {} });
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
                auto applied = applyNotified(m_applier, db, kind, *parsed);
                if (!applied)
                    return tl::unexpected(applied.error());
                result.outcome = *applied;
            }
            result.verdict = duplicate ? kDuplicate : kAccepted;
            auto stored =
                insert(db, Row { kind, &request, result.verdict, {}, parsed, result.outcome.paymentId, now, {} });
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

Result<qint64> NotificationService::storeRejected(
    ChannelKind kind, const InboundHttp& request, const QString& reason, const ChannelNotification* parsed) const
{
    qint64 id = 0;
    auto s = service::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        auto stored = insert(db, Row { kind, &request, kRejected, reason, parsed, 0, m_clock.nowMSecs(), {} });
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
