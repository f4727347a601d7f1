#include "core/store/PaymentQuery.h"

#include <algorithm>

#include <QIODevice>
#include <QJsonArray>
#include <QSqlQuery>

#include "core/domain/StateMachine.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

// The join brings the cashier's name; users is small and joined by primary key, so it never drives the plan.
const QString kSelect = u"SELECT p.id, p.out_trade_no, p.channel, p.status, p.amount_minor, p.currency, "
                        u"p.refunded_minor, p.created_at, p.paid_at, p.cashier_id, "
                        u"COALESCE(NULLIF(u.display_name, ''), u.username, ''), p.channel_txn_id "
                        u"FROM payments p LEFT JOIN users u ON u.id = p.cashier_id"_s;

constexpr int kExportPage = 1000;

PaymentRow readRow(const QSqlQuery& q)
{
    PaymentRow r;
    r.id = q.value(0).toLongLong();
    r.outTradeNo = q.value(1).toString();
    r.channel = channelKindFromName(q.value(2).toString()).value_or(ChannelKind::WeChatPay);
    // The column's CHECK admits only the machine's names.
    r.status = domain::paymentStatusFromName(q.value(3).toString()).value_or(domain::PaymentStatus::Created);
    const Currency currency = Currency::fromCode(q.value(5).toString()).value_or(Currency::cny());
    r.amount = Money(q.value(4).toLongLong(), currency);
    r.refunded = Money(q.value(6).toLongLong(), currency);
    r.createdAtMs = q.value(7).toLongLong();
    r.paidAtMs = q.value(8).isNull() ? 0 : q.value(8).toLongLong();
    r.cashierId = q.value(9).isNull() ? 0 : q.value(9).toLongLong();
    r.cashierName = q.value(10).toString();
    r.channelTxnId = q.value(11).toString();
    return r;
}

// Each value gets a placeholder of its own (the drivers misbehave when one name appears twice in a statement).
// `rangeFirst`: the date range is to drive the plan. SQLite has no statistics, so it takes an equality on channel
// or status for the more selective condition, reads a third of the table through that index and sorts it (150 ms
// for one day of Alipay in 1M rows); the unary + keeps those two columns out of index selection there. PostgreSQL
// plans this from its statistics and has no unary + for text.
void addConditions(const PaymentFilter& f, bool rangeFirst, QStringList& where, QList<sql::Binding>& bind)
{
    const QString noIndex = rangeFirst ? u"+"_s : QString();
    if (f.from.isValid()) {
        where << u"p.created_at >= :from"_s;
        bind << sql::Binding { u":from"_s, f.from.toMSecsSinceEpoch() };
    }
    if (f.to.isValid()) {
        where << u"p.created_at < :to"_s;
        bind << sql::Binding { u":to"_s, f.to.toMSecsSinceEpoch() };
    }
    if (f.channel) {
        where << noIndex + u"p.channel = :channel"_s;
        bind << sql::Binding { u":channel"_s, channelKindName(*f.channel) };
    }
    if (!f.statuses.isEmpty()) {
        QStringList names;
        for (int i = 0; i < f.statuses.size(); ++i) {
            names << u":st%1"_s.arg(i);
            bind << sql::Binding { names.last(), statusName(f.statuses[i]) };
        }
        where << noIndex + u"p.status IN (%1)"_s.arg(names.join(u", "_s));
    }
    if (f.cashierId) {
        where << u"p.cashier_id = :cashier"_s;
        bind << sql::Binding { u":cashier"_s, *f.cashierId };
    }
    if (f.minAmountMinor) {
        where << u"p.amount_minor >= :minamt"_s;
        bind << sql::Binding { u":minamt"_s, *f.minAmountMinor };
    }
    if (f.maxAmountMinor) {
        where << u"p.amount_minor <= :maxamt"_s;
        bind << sql::Binding { u":maxamt"_s, *f.maxAmountMinor };
    }
    const QString search = f.search.trimmed();
    if (!search.isEmpty()) {
        // Two unique-ish indexes, one OR: both engines answer it with two index lookups.
        where << u"(p.out_trade_no = :sno OR p.channel_txn_id = :stx)"_s;
        bind << sql::Binding { u":sno"_s, search } << sql::Binding { u":stx"_s, search };
    }
}

QString msText(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace

bool PaymentFilter::isEmpty() const
{
    return !from.isValid() && !to.isValid() && !channel && statuses.isEmpty() && !cashierId && !minAmountMinor
        && !maxAmountMinor && search.trimmed().isEmpty();
}

QJsonObject PaymentFilter::toJson() const
{
    QJsonObject o;
    if (from.isValid())
        o.insert(u"from"_s, from.toMSecsSinceEpoch());
    if (to.isValid())
        o.insert(u"to"_s, to.toMSecsSinceEpoch());
    if (channel)
        o.insert(u"channel"_s, channelKindName(*channel));
    if (!statuses.isEmpty()) {
        QStringList names;
        for (domain::PaymentStatus s : statuses)
            names << statusName(s);
        o.insert(u"statuses"_s, QJsonArray::fromStringList(names));
    }
    if (cashierId)
        o.insert(u"cashier_id"_s, *cashierId);
    if (minAmountMinor)
        o.insert(u"min_amount_minor"_s, *minAmountMinor);
    if (maxAmountMinor)
        o.insert(u"max_amount_minor"_s, *maxAmountMinor);
    if (!search.trimmed().isEmpty())
        o.insert(u"search"_s, search.trimmed());
    return o;
}

PaymentQuery::PaymentQuery(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<QList<PaymentRow>> PaymentQuery::select(
    const PaymentFilter& filter, std::optional<qint64> bound, bool ascending, int limit) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    QStringList where;
    QList<sql::Binding> bind;
    const bool byTime = orderedByTime(filter);
    addConditions(filter, byTime && m_database.engine() == DbEngine::Sqlite, where, bind);
    // With a date range the pages follow (created_at, id): the range is then one stretch of payments_created_idx,
    // read from the end the page starts at. In id order both engines walked the primary key from the newest row
    // until the range was reached (313 ms on PostgreSQL for one day a quarter of the way back through 1M rows).
    // created_at is not assumed to follow id (it is the application's clock, which can step back, and concurrent
    // inserts take ids and times in either order), so it is part of the keyset rather than a proxy for it.
    if (bound && !byTime) {
        where << (ascending ? u"p.id > :bound"_s : u"p.id < :bound"_s);
        bind << sql::Binding { u":bound"_s, *bound };
    } else if (bound) {
        auto at = sql::exec(*db, u"SELECT created_at FROM payments WHERE id = :id"_s, { { u":id"_s, *bound } });
        if (!at)
            return tl::unexpected(at.error());
        if (!at->next())
            return fail(ErrorCode::NotFound, u"payment %1 (the page bound)"_s.arg(*bound));
        const qint64 boundAt = at->value(0).toLongLong();
        // The first conjunct is the index range; the second only sorts out rows created in the same millisecond.
        where << (ascending ? u"p.created_at >= :bat AND (p.created_at > :bat2 OR p.id > :bound)"_s
                            : u"p.created_at <= :bat AND (p.created_at < :bat2 OR p.id < :bound)"_s);
        bind << sql::Binding { u":bat"_s, boundAt } << sql::Binding { u":bat2"_s, boundAt }
             << sql::Binding { u":bound"_s, *bound };
    }
    QString statement = kSelect;
    if (!where.isEmpty())
        statement += u" WHERE "_s + where.join(u" AND "_s);
    if (byTime)
        statement += ascending ? u" ORDER BY p.created_at ASC, p.id ASC LIMIT :lim"_s
                               : u" ORDER BY p.created_at DESC, p.id DESC LIMIT :lim"_s;
    else
        statement += ascending ? u" ORDER BY p.id ASC LIMIT :lim"_s : u" ORDER BY p.id DESC LIMIT :lim"_s;
    bind << sql::Binding { u":lim"_s, std::max(1, limit) };
    auto q = sql::execList(*db, statement, bind);
    if (!q)
        return tl::unexpected(q.error());
    QList<PaymentRow> rows;
    rows.reserve(limit);
    while (q->next())
        rows << readRow(*q);
    if (ascending)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

bool PaymentQuery::orderedByTime(const PaymentFilter& filter)
{
    return filter.from.isValid() || filter.to.isValid();
}

Result<QList<PaymentRow>> PaymentQuery::page(
    const PaymentFilter& filter, std::optional<qint64> beforeId, int limit) const
{
    return select(filter, beforeId, false, limit);
}

Result<QList<PaymentRow>> PaymentQuery::pageAfter(
    const PaymentFilter& filter, std::optional<qint64> afterId, int limit) const
{
    return select(filter, afterId, true, limit);
}

Result<QList<PaymentRow>> PaymentQuery::lastPage(const PaymentFilter& filter, int limit) const
{
    return pageAfter(filter, std::nullopt, limit);
}

Result<PaymentRow> PaymentQuery::row(qint64 id) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db, kSelect + u" WHERE p.id = :id"_s, { { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"payment %1"_s.arg(id));
    return readRow(*q);
}

Result<PaymentDetail> PaymentQuery::detail(qint64 id) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    PaymentDetail d;
    auto p = PaymentRepository::load(*db, m_database.dialect(), id, false);
    if (!p)
        return tl::unexpected(p.error());
    d.payment = *p;
    if (auto r = row(id))
        d.cashierName = r->cashierName;
    auto history = Transitions::history(*db, domain::EntityType::Payment, id);
    if (!history)
        return tl::unexpected(history.error());
    d.history = *history;

    // Rejected notifications may not have been matched to the payment, but they carry its order number.
    auto n = sql::exec(*db,
        u"SELECT id, channel, notification_id, verdict, reason, event_type, headers, body, received_at "
        u"FROM notifications WHERE payment_id = :id OR out_trade_no = :no ORDER BY id"_s,
        { { u":id"_s, id }, { u":no"_s, d.payment.outTradeNo } });
    if (!n)
        return tl::unexpected(n.error());
    while (n->next()) {
        NotificationRecord r;
        r.id = n->value(0).toLongLong();
        r.channel = n->value(1).toString();
        r.notificationId = n->value(2).toString();
        r.verdict = n->value(3).toString();
        r.reason = n->value(4).toString();
        r.eventType = n->value(5).toString();
        r.headers = n->value(6).toString();
        r.body = n->value(7).toByteArray();
        r.receivedAtMs = n->value(8).toLongLong();
        d.notifications << r;
    }

    auto refunds = RefundRepository(m_database).forPayment(id);
    if (!refunds)
        return tl::unexpected(refunds.error());
    d.refunds = *refunds;
    std::sort(d.refunds.begin(), d.refunds.end(), [](const Refund& a, const Refund& b) {
        return a.id < b.id;
    });

    auto audit = AuditLog::forEntity(*db, u"payment"_s, QString::number(id));
    if (!audit)
        return tl::unexpected(audit.error());
    d.audit = *audit;
    for (const Refund& r : std::as_const(d.refunds)) {
        auto more = AuditLog::forEntity(*db, u"refund"_s, QString::number(r.id));
        if (!more)
            return tl::unexpected(more.error());
        d.audit << *more;
    }
    std::sort(d.audit.begin(), d.audit.end(), [](const AuditEntry& a, const AuditEntry& b) {
        return a.id < b.id;
    });
    return d;
}

Result<qint64> PaymentQuery::paymentOfRefund(qint64 refundId) const
{
    auto refund = RefundRepository(m_database).find(refundId);
    if (!refund)
        return tl::unexpected(refund.error());
    return refund->paymentId;
}

Result<QList<CashierOption>> PaymentQuery::cashiers() const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db,
        u"SELECT id, COALESCE(NULLIF(display_name, ''), username) FROM users "
        u"WHERE role IN ('cashier', 'manager') ORDER BY username"_s);
    if (!q)
        return tl::unexpected(q.error());
    QList<CashierOption> out;
    while (q->next())
        out << CashierOption { q->value(0).toLongLong(), q->value(1).toString() };
    return out;
}

Result<QList<ApprovalRow>> PaymentQuery::awaitingApproval() const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db,
        u"SELECT r.id, p.out_trade_no, p.amount_minor, p.currency, "
        u"COALESCE(NULLIF(u.display_name, ''), u.username, '') FROM refunds r "
        u"JOIN payments p ON p.id = r.payment_id LEFT JOIN users u ON u.id = r.requested_by "
        u"WHERE r.status = :st ORDER BY r.id"_s,
        { { u":st"_s, statusName(domain::RefundStatus::AwaitingApproval) } });
    if (!q)
        return tl::unexpected(q.error());
    QList<ApprovalRow> out;
    RefundRepository refunds(m_database);
    while (q->next()) {
        auto refund = refunds.find(q->value(0).toLongLong());
        if (!refund)
            return tl::unexpected(refund.error());
        const Currency currency = Currency::fromCode(q->value(3).toString()).value_or(Currency::cny());
        out << ApprovalRow {
            *refund, q->value(1).toString(), Money(q->value(2).toLongLong(), currency), q->value(4).toString()
        };
    }
    return out;
}

QString PaymentQuery::csvCell(const QString& value)
{
    QString v = value;
    // A cell beginning like a formula would run in Excel/WPS (CSV injection): make it literal text.
    if (!v.isEmpty()
        && (v[0] == u'=' || v[0] == u'+' || v[0] == u'-' || v[0] == u'@' || v[0] == u'\t' || v[0] == u'\r'))
        v.prepend(u'\'');
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r'))
        v = u'"' + v.replace(u'"', u"\"\""_s) + u'"';
    return v;
}

Result<qint64> PaymentQuery::exportCsv(const PaymentFilter& filter, QIODevice& out, const Actor& actor) const
{
    if (auto s = AccessControl::check(actor, Action::ExportPayments); !s)
        return tl::unexpected(s.error());
    auto write = [&](const QString& line) {
        const QByteArray bytes = line.toUtf8();
        return out.write(bytes) == bytes.size();
    };
    // The BOM makes Excel read the file as UTF-8 (Chinese cashier names would otherwise be mojibake).
    if (!write(u"\uFEFF"_s
            + u"out_trade_no,channel,status,amount_yuan,refunded_yuan,currency,created_at,paid_at,"
              u"cashier,channel_txn_id\r\n"_s))
        return fail(ErrorCode::Internal, u"cannot write the export: %1"_s.arg(out.errorString()));
    qint64 rows = 0;
    std::optional<qint64> before;
    for (;;) {
        auto page = this->page(filter, before, kExportPage);
        if (!page)
            return tl::unexpected(page.error());
        for (const PaymentRow& r : std::as_const(*page)) {
            const QStringList cells { csvCell(r.outTradeNo),
                channelKindName(r.channel),
                statusName(r.status),
                r.amount.toDecimalString(),
                r.refunded.toDecimalString(),
                r.amount.currency().code(),
                msText(r.createdAtMs),
                msText(r.paidAtMs),
                csvCell(r.cashierName),
                csvCell(r.channelTxnId) };
            if (!write(cells.join(u',') + u"\r\n"_s))
                return fail(ErrorCode::Internal, u"cannot write the export: %1"_s.arg(out.errorString()));
        }
        rows += page->size();
        if (page->size() < kExportPage)
            break;
        before = page->last().id;
    }

    // Exports take customer data out of the system, so each one is in the tamper-evident log.
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, m_database.dialect());
    if (!tx.isActive())
        return tl::unexpected(tx.beginStatus().error());
    const QJsonObject detail { { u"filter"_s, filter.toJson() }, { u"rows"_s, rows }, { u"format"_s, u"csv"_s } };
    auto entry = AuditLog::append(
        *db, m_database.dialect(), actor.username, u"export.csv"_s, u"payment"_s, u"*"_s, detail, m_clock.nowMSecs());
    if (!entry)
        return tl::unexpected(entry.error());
    if (auto s = tx.commit(); !s)
        return tl::unexpected(s.error());
    return rows;
}

} // namespace paydesk
