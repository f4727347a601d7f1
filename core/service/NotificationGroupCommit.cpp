// NotificationService's group commit: verified payment notifications that arrive together are written together.
#include <QSet>

#include "core/channels/Channel.h"
#include "core/log/Log.h"
#include "core/service/NotificationRows.h"
#include "core/service/NotificationService.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

using namespace notification_rows;

namespace {

const QString kCause = u"channel.notification"_s;

} // namespace

void NotificationService::commitBatch(const QList<Item*>& batch)
{
    if (batch.size() > 1) {
        QList<NotificationResult> results(batch.size());
        const Status together = commitTogether(batch, &results);
        if (together) {
            for (qsizetype i = 0; i < batch.size(); ++i) {
                results[i].ack = batch[i]->channel->acknowledgement(true); // the group's commit succeeded
                batch[i]->result = std::move(results[i]);
            }
            return;
        }
        m_fallbacks.fetch_add(1);
        // Expected now and then (a bad notification in the group, another writer moving a row it read); many of
        // these mean the group path has stopped paying off, which /metrics shows too.
        log::payments()->info("a group of {} notifications is done one at a time: {} ({})",
            batch.size(),
            errorCodeName(together.error().code),
            together.error().detail);
    }
    for (Item* item : batch)
        item->result = commitOne(item->kind, *item->channel, *item->request, *item->parsed);
}

QList<ChannelFactApplier::TradeFact> NotificationService::sortOut(const QList<Item*>& batch,
    const QSet<QPair<int, QString>>& acceptedBefore,
    QList<NotificationResult>* results,
    QList<qsizetype>* applied) const
{
    // The first copy of a notification id in the group is the one applied; copies, and ids accepted before, are
    // duplicates.
    QSet<QPair<int, QString>> seen = acceptedBefore;
    QList<ChannelFactApplier::TradeFact> facts;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Item& item = *batch[i];
        const auto key = qMakePair(int(item.kind), item.parsed->notificationId);
        if (seen.contains(key)) {
            (*results)[i].verdict = kDuplicate;
            continue;
        }
        seen.insert(key);
        (*results)[i].verdict = kAccepted;
        facts << ChannelFactApplier::TradeFact {
            item.kind, &*item.parsed->trade, u"system:notify:"_s + channelKindName(item.kind)
        };
        applied->append(i);
    }
    return facts;
}

QList<Row> NotificationService::rowsOf(const QList<Item*>& batch, const QList<NotificationResult>& results) const
{
    QList<Row> rows;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        rows << Row { batch[i]->kind,
            batch[i]->request,
            results[i].verdict,
            {},
            batch[i]->parsed,
            results[i].outcome.paymentId,
            m_clock.nowMSecs(),
            batch[i]->headers };
    }
    return rows;
}

Status NotificationService::commitTogether(const QList<Item*>& batch, QList<NotificationResult>* results)
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, m_database.dialect());
    if (!tx.isActive())
        return tx.beginStatus();
    // audit_head and event_counter are written last, once for the whole group (see DeferredHeads).
    DeferredHeads heads(*db);
    QSet<QPair<int, QString>> acceptedBefore;
    for (const ChannelKind kind : { ChannelKind::WeChatPay, ChannelKind::Alipay }) {
        QStringList ids;
        for (const Item* item : batch) {
            if (item->kind == kind)
                ids << item->parsed->notificationId;
        }
        if (ids.isEmpty())
            continue;
        auto seen = acceptedAmong(*db, kind, ids);
        if (!seen)
            return tl::unexpected(seen.error());
        for (const QString& id : *seen)
            acceptedBefore.insert(qMakePair(int(kind), id));
    }
    QList<qsizetype> applied;
    const auto facts = sortOut(batch, acceptedBefore, results, &applied);
    // One apply path: the same checks and decisions as one at a time, for all facts at once.
    if (!facts.isEmpty()) {
        auto outcomes = m_applier.applyTradesIn(*db, facts, kCause);
        if (!outcomes)
            return tl::unexpected(outcomes.error());
        for (qsizetype f = 0; f < applied.size(); ++f)
            (*results)[applied[f]].outcome = (*outcomes)[f];
    }
    // One INSERT per row, so each row's id is the one its own statement returned.
    const QList<Row> rows = rowsOf(batch, *results);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        auto stored = insert(*db, rows[i]);
        if (!stored)
            return tl::unexpected(stored.error());
        if (*stored == 0) // another delivery of this id was accepted since the read above: redo one at a time
            return fail(ErrorCode::ConcurrentModification, u"a notification was accepted concurrently"_s);
        (*results)[i].storedId = *stored;
    }
    if (auto s = heads.flush(); !s)
        return s;
    return tx.commit();
}

} // namespace paydesk
