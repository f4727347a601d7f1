// NotificationService's group commit: verified payment notifications that arrive together share one transaction.
#include "core/service/NotificationService.h"

#include "core/channels/Channel.h"
#include "core/service/NotificationRows.h"
#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/SqlDialect.h"
#include "core/store/SqlTransaction.h"
#include "core/store/Transitions.h"
#include "core/util/Clock.h"

#include <QHash>
#include <QMap>
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
    // One apply path: the same checks and decisions as one at a time, for all facts at once.
    ChannelFactApplier::TradesPlan plan;
    if (!facts.isEmpty()) {
        auto planned = m_applier.planTradesIn(*db, facts, u"channel.notification"_s);
        if (!planned)
            return tl::unexpected(planned.error());
        plan = *planned;
        for (qsizetype f = 0; f < applied.size(); ++f)
            (*results)[applied[f]].outcome = plan.outcomes[f];
    }
    QList<Row> rows;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const NotificationResult& r = (*results)[i];
        rows << Row{batch[i]->kind,    batch[i]->request,    r.verdict, {}, batch[i]->parsed,
                    r.outcome.paymentId, m_clock.nowMSecs()};
    }
    QList<qint64> ids;
    if (m_database.dialect().engine() == DbEngine::Postgres && !Transitions::changesARowTwice(plan.steps)) {
        auto written = writeGroupPg(*db, plan, rows);
        if (!written)
            return tl::unexpected(written.error());
        ids = *written;
    } else {
        if (auto s = m_applier.writePlanIn(*db, plan); !s)
            return s;
        auto inserted = insertMany(*db, rows);
        if (!inserted)
            return tl::unexpected(inserted.error());
        ids = *inserted;
        if (auto s = heads.flush(); !s)
            return s;
    }
    for (qsizetype i = 0; i < batch.size(); ++i)
        (*results)[i].storedId = ids[i];
    return tx.commit();
}

Result<QList<qint64>> NotificationService::writeGroupPg(const QSqlDatabase& db,
                                                        const ChannelFactApplier::TradesPlan& plan,
                                                        const QList<Row>& rows) const
{
    // Every write of the group in ONE statement (data-modifying CTEs, each run exactly once): a round trip and a
    // parse per group instead of one per table. The rows are what the one-at-a-time writers would write; only the
    // audit head is read (and locked) first, because the chain's hashes are computed here.
    if (auto s = Transitions::checkAll(plan.steps); !s)
        return tl::unexpected(s.error());
    QStringList ctes;
    QList<sql::Binding> bindings;
    const auto add = [&](const QString& name, const sql::Statement& st) {
        ctes << name + u" AS ("_s + st.text + u')';
        bindings += st.bindings;
    };
    // One UPDATE per set of extra columns (a paid payment sets channel_txn_id and paid_at, a closed one nothing).
    QMap<QStringList, QList<const TransitionSpec*>> shapes;
    for (const TransitionSpec& spec : plan.steps) {
        QStringList names;
        for (const auto& [name, value] : spec.set)
            names << name;
        shapes[names].append(&spec);
    }
    QStringList updated;
    for (const auto& group : std::as_const(shapes)) {
        const QString name = u"u"_s + QString::number(updated.size());
        add(name, Transitions::buildUpdateMany(plan.nowMs, group, name));
        updated << u"(SELECT count(*) FROM "_s + name + u')';
    }
    if (!plan.steps.isEmpty())
        add(u"h"_s, Transitions::buildHistoryInsert(plan.nowMs, plan.steps, u"h"_s));
    add(u"n"_s, buildInsertMany(rows, u"n"_s, true));
    if (!plan.audits.isEmpty()) {
        auto head = AuditLog::lockHead(db, m_database.dialect());
        if (!head)
            return tl::unexpected(head.error());
        QList<AuditEntry> audits = plan.audits;
        AuditLog::chain(&audits, head->first, head->second);
        add(u"a"_s, AuditLog::buildInsert(audits, u"a"_s));
        add(u"ah"_s, AuditLog::buildHeadUpdate(audits.constLast(), u"ah"_s));
    }
    // Events in the order the one-at-a-time path queues them: alerts, then each transition's status event.
    const QList<FeedEvent> events = plan.alerts + Transitions::statusEvents(plan.steps, plan.nowMs);
    QString tail = u"NULL"_s;
    if (!events.isEmpty()) {
        const sql::Statement st = EventFeed::buildPgCtes(events, u"e"_s, u"c"_s, u"i"_s);
        ctes << st.text;
        bindings += st.bindings;
        bindings << sql::Binding{u":channel"_s, QString::fromLatin1(EventFeed::kChannel)};
        tail = u"pg_notify(CAST(:channel AS TEXT), CAST((SELECT max(seq) FROM i) AS TEXT))"_s;
    }
    const QString statement = u"WITH "_s + ctes.join(u", "_s) + u" SELECT "_s
        + (updated.isEmpty() ? u"0"_s : updated.join(u" + "_s))
        + u", (SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id) FROM n), "_s + tail;
    auto q = sql::execCachedList(db, statement, bindings);
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"the group's statement returned nothing"_s);
    const qint64 changed = q->value(0).toLongLong();
    const QStringList stored = q->value(1).toString().split(u',', Qt::SkipEmptyParts);
    q->finish();
    if (changed != plan.steps.size())
        return fail(ErrorCode::ConcurrentModification, u"a payment changed while its group was written"_s);
    if (stored.size() != rows.size())
        return fail(ErrorCode::ConcurrentModification, u"a notification was accepted concurrently"_s);
    // Ids come from one sequence, drawn in VALUES order within the statement.
    QList<qint64> ids;
    for (const QString& id : stored)
        ids << id.toLongLong();
    return ids;
}

} // namespace paydesk
