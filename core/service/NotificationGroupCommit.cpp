// NotificationService's group commit: verified payment notifications that arrive together are written together.
#include "core/service/NotificationService.h"

#include "core/channels/Channel.h"
#include "core/log/Log.h"
#include "core/service/NotificationRows.h"
#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/PaymentRepository.h"
#include "core/store/SqlDialect.h"
#include "core/store/SqlTransaction.h"
#include "core/store/Transitions.h"
#include "core/util/Clock.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace paydesk {

using namespace notification_rows;

namespace {

const QString kCause = u"channel.notification"_s;

/// A condition checked inside a statement: when it is false the statement fails, so that everything the statement
/// wrote is undone (a failing cast is the portable way for plain SQL to raise an error).
QString mustHold(const QString& condition, const QString& what)
{
    return u"CAST(CASE WHEN "_s + condition + u" THEN '1' ELSE 'paydesk group check failed: "_s + what
        + u"' END AS INTEGER)"_s;
}

} // namespace

void NotificationService::commitBatch(const QList<Item*>& batch)
{
    if (batch.size() > 1) {
        QList<NotificationResult> results(batch.size());
        const bool pg = m_database.dialect().engine() == DbEngine::Postgres;
        const Status together = pg ? commitTogetherPg(batch, &results) : commitTogether(batch, &results);
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
        log::payments()->info("a group of {} notifications is done one at a time: {} ({})", batch.size(),
                              errorCodeName(together.error().code), together.error().detail);
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
        facts << ChannelFactApplier::TradeFact{item.kind, &*item.parsed->trade,
                                               u"system:notify:"_s + channelKindName(item.kind)};
        applied->append(i);
    }
    return facts;
}

QList<Row> NotificationService::rowsOf(const QList<Item*>& batch, const QList<NotificationResult>& results) const
{
    QList<Row> rows;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        rows << Row{batch[i]->kind,        batch[i]->request,   results[i].verdict,      {},
                    batch[i]->parsed,      results[i].outcome.paymentId, m_clock.nowMSecs(), batch[i]->headers};
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
    auto ids = insertMany(*db, rowsOf(batch, *results));
    if (!ids)
        return tl::unexpected(ids.error());
    for (qsizetype i = 0; i < batch.size(); ++i)
        (*results)[i].storedId = (*ids)[i];
    if (auto s = heads.flush(); !s)
        return s;
    return tx.commit();
}

Status NotificationService::commitTogetherPg(const QList<Item*>& batch, QList<NotificationResult>* results)
{
    // Optimistic, in two statements and no transaction block: read the payments, what was accepted before and the
    // audit head, decide, then write the whole group in ONE statement (data-modifying CTEs), which is
    // atomic by itself. That statement re-checks everything the decisions rest on: each payment is still in the
    // state it was read in (the guarded UPDATEs), no notification id was accepted meanwhile (ON CONFLICT), and the
    // audit head has not moved (compare and set); if any check fails the statement fails, nothing is written, and
    // the group goes one notification at a time. Round trips are what a group costs: 2 instead of 10.
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    // ONE read: the payments the group names, which of its notification ids were accepted before (one probe of
    // the partial unique index per id, see acceptedAmong) and the audit head. The three kinds of row share the
    // payment's columns: a probe row carries its id and channel where a payment has its order number and channel,
    // the head row its id and hash where a payment has its id and order number.
    const QString columns = PaymentRepository::columns();
    const qsizetype width = columns.count(u',') + 1;
    const auto padded = [width](const QString& first, qsizetype used) {
        QString row = first;
        for (qsizetype i = used; i < width; ++i)
            row += u", NULL"_s;
        return row;
    };
    QString probes;
    QString numbers;
    QList<sql::Binding> bindings;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const QString n = QString::number(i);
        probes += (i ? u", (CAST(:c"_s : u"(CAST(:c"_s) + n + u" AS TEXT), CAST(:n"_s + n + u" AS TEXT))"_s;
        numbers += (i ? u", :o"_s : u":o"_s) + n;
        bindings << sql::Binding{u":c"_s + n, channelKindName(batch[i]->kind)}
                 << sql::Binding{u":n"_s + n, batch[i]->parsed->notificationId}
                 << sql::Binding{u":o"_s + n, batch[i]->parsed->trade->outTradeNo};
    }
    auto read = sql::execCachedList(
        *db,
        u"SELECT 'p', "_s + columns + u" FROM payments WHERE out_trade_no IN ("_s + numbers + u") UNION ALL "_s
            + padded(u"SELECT 'n', NULL, v.column2, v.column1"_s, 3) + u" FROM (VALUES "_s + probes
            + u") AS v CROSS JOIN LATERAL (SELECT 1 FROM notifications x WHERE x.channel = v.column1 AND "
              u"x.verdict = 'accepted' AND x.notification_id = v.column2 LIMIT 1) AS hit UNION ALL "_s
            + padded(u"SELECT 'h', last_id, last_hash"_s, 2) + u" FROM audit_head WHERE id = 1"_s,
        bindings);
    if (!read)
        return tl::unexpected(read.error());
    QHash<QString, Payment> payments;
    QSet<QPair<int, QString>> acceptedBefore;
    qint64 headId = -1;
    QString headHash;
    while (read->next()) {
        const QString kind = read->value(0).toString();
        if (kind == u"p"_s) {
            auto p = PaymentRepository::fromQuery(read->query(), 1);
            if (!p)
                return tl::unexpected(p.error());
            payments.insert(p->outTradeNo, *p);
        } else if (kind == u"h"_s) {
            headId = read->value(1).toLongLong();
            headHash = read->value(2).toString();
        } else if (const auto channel = channelKindFromName(read->value(3).toString())) {
            acceptedBefore.insert(qMakePair(int(*channel), read->value(2).toString()));
        }
    }
    read->finish();
    if (headId < 0)
        return fail(ErrorCode::DbError, u"audit_head row missing"_s);

    QList<qsizetype> applied;
    const auto facts = sortOut(batch, acceptedBefore, results, &applied);
    ChannelFactApplier::TradesPlan plan;
    plan.nowMs = m_clock.nowMSecs();
    if (!facts.isEmpty()) {
        // One apply path: the same checks and decisions as one at a time. No row locks (no transaction holds
        // them); the guarded UPDATEs below stand in for them.
        auto planned = m_applier.planTrades(facts, payments, kCause, plan.nowMs);
        if (!planned)
            return tl::unexpected(planned.error());
        plan = *planned;
        for (qsizetype f = 0; f < applied.size(); ++f)
            (*results)[applied[f]].outcome = plan.outcomes[f];
    }
    const auto rounds = Transitions::updateRounds(plan.steps);
    if (rounds.size() > 1) // one statement cannot change a row twice
        return fail(ErrorCode::ConcurrentModification, u"a payment changes twice in the group"_s);
    if (auto s = Transitions::checkAll(plan.steps); !s)
        return s;
    const QList<Row> rows = rowsOf(batch, *results);
    if (m_beforeGroupWrite)
        m_beforeGroupWrite();

    QStringList ctes;
    bindings.clear();
    const auto add = [&](const QString& name, const sql::Statement& st) {
        ctes << name + u" AS ("_s + st.text + u')';
        bindings += st.bindings;
    };
    // One UPDATE per set of extra columns (a paid payment sets channel_txn_id and paid_at, a closed one nothing).
    QStringList updated{u"0"_s};
    for (const auto& group : rounds.value(0)) {
        const QString name = u"u"_s + QString::number(updated.size());
        add(name, Transitions::buildUpdateMany(plan.nowMs, group, name));
        updated << u"(SELECT count(*) FROM "_s + name + u')';
    }
    if (!plan.steps.isEmpty())
        add(u"h"_s, Transitions::buildHistoryInsert(plan.nowMs, plan.steps, u"h"_s));
    add(u"n"_s, buildInsertMany(rows, u"n"_s, true));
    QString headMoved = u"true"_s;
    if (!plan.audits.isEmpty()) {
        QList<AuditEntry> audits = plan.audits;
        if (auto chained = AuditLog::chain(*db, &audits, headId, headHash); !chained)
            return chained;
        add(u"a"_s, AuditLog::buildInsert(audits, u"a"_s));
        add(u"ah"_s, AuditLog::buildHeadUpdate(audits.constLast(), u"ah"_s, headId));
        headMoved = u"(SELECT count(*) FROM ah) = 1"_s;
    }
    // Events in the order the one-at-a-time path queues them: alerts, then each transition's status event.
    const QList<FeedEvent> events = plan.alerts + Transitions::statusEvents(plan.steps, plan.nowMs);
    QString notify = u"NULL"_s;
    if (!events.isEmpty()) {
        const sql::Statement st = EventFeed::buildPgCtes(events, u"e"_s, u"c"_s, u"i"_s);
        ctes << st.text;
        bindings += st.bindings;
        bindings << sql::Binding{u":channel"_s, QString::fromLatin1(EventFeed::kChannel)};
        notify = u"pg_notify(CAST(:channel AS TEXT), CAST((SELECT max(seq) FROM i) AS TEXT))"_s;
    }
    const QString statement = u"WITH "_s + ctes.join(u", "_s) + u" SELECT "_s
        + mustHold(updated.join(u" + "_s) + u" = "_s + QString::number(plan.steps.size()), u"a payment moved on"_s)
        + u", "_s
        + mustHold(u"(SELECT count(*) FROM n) = "_s + QString::number(rows.size()), u"a notification was accepted"_s)
        + u", "_s + mustHold(headMoved, u"the audit head moved"_s)
        + u", (SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id) FROM n), "_s + notify;
    auto q = sql::execCachedList(*db, statement, bindings);
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"the group's statement returned nothing"_s);
    const QStringList stored = q->value(3).toString().split(u',', Qt::SkipEmptyParts);
    q->finish();
    if (stored.size() != batch.size())
        return fail(ErrorCode::DbError, u"the group's statement returned %1 ids"_s.arg(stored.size()));
    // Ids come from one sequence, drawn in VALUES order within the statement.
    for (qsizetype i = 0; i < batch.size(); ++i)
        (*results)[i].storedId = stored[i].toLongLong();
    return {};
}

} // namespace paydesk
