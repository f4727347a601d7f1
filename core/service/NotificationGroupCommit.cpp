// NotificationService's group commit: verified payment notifications that arrive together share one transaction.
#include "core/service/NotificationService.h"

#include "core/channels/Channel.h"
#include "core/service/NotificationRows.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace paydesk {

using namespace notification_rows;

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
    results->resize(batch.size());
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, m_database.dialect());
    if (!tx.isActive())
        return tx.beginStatus();
    // audit_head and event_counter are written last, once for the whole group (see DeferredHeads).
    DeferredHeads heads(*db);

    // Which notifications were accepted before (one read per channel); the first of several copies in this group
    // is the one applied, the others are duplicates.
    QHash<int, QSet<QString>> accepted; // by ChannelKind
    for (const ChannelKind kind : {ChannelKind::WeChatPay, ChannelKind::Alipay}) {
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
        accepted.insert(int(kind), *seen);
    }
    QList<ChannelFactApplier::TradeFact> facts;
    QList<qsizetype> applied; // batch index of each fact
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Item& item = *batch[i];
        QSet<QString>& seen = accepted[int(item.kind)];
        if (seen.contains(item.parsed->notificationId)) {
            (*results)[i].verdict = kDuplicate;
            continue;
        }
        seen.insert(item.parsed->notificationId);
        (*results)[i].verdict = kAccepted;
        facts << ChannelFactApplier::TradeFact{item.kind, &*item.parsed->trade,
                                               u"system:notify:"_s + channelKindName(item.kind)};
        applied << i;
    }
    // One apply path: the same checks and decisions as one at a time, with one read, UPDATE and INSERT for all.
    if (!facts.isEmpty()) {
        auto outcomes = m_applier.applyTradesIn(*db, facts, u"channel.notification"_s);
        if (!outcomes)
            return tl::unexpected(outcomes.error());
        for (qsizetype f = 0; f < applied.size(); ++f)
            (*results)[applied[f]].outcome = (*outcomes)[f];
    }
    QList<Row> rows;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const NotificationResult& r = (*results)[i];
        rows << Row{batch[i]->kind,    batch[i]->request,    r.verdict, {}, batch[i]->parsed,
                    r.outcome.paymentId, m_clock.nowMSecs()};
    }
    auto ids = insertMany(*db, rows);
    if (!ids)
        return tl::unexpected(ids.error());
    for (qsizetype i = 0; i < batch.size(); ++i)
        (*results)[i].storedId = (*ids)[i];
    if (auto s = heads.flush(); !s)
        return s;
    return tx.commit();
}

} // namespace paydesk
