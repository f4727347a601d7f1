// PaymentQuery: every filter alone and combined, search by either order number, keyset pages that cover each row once,
// the last page without OFFSET, the detail of one payment, and the audited, injection-safe CSV export.
#include <algorithm>

#include <QBuffer>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/store/AuditLog.h"
#include "core/store/PaymentQuery.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDay = 86400000;
constexpr qint64 kT0 = 1700000000000;

struct Spec
{
    QString no;
    QString channel = u"wechatpay"_s;
    domain::PaymentStatus status = domain::PaymentStatus::Succeeded;
    qint64 amount = 1000;
    qint64 createdAt = kT0;
    qint64 cashier = 0;
    QString txn;
};

qint64 insert(const Database& db, const Spec& s)
{
    auto q = sql::exec(*db.connection(),
        u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, "
        u"updated_at, cashier_id, channel_txn_id, paid_at) VALUES (:no, :ch, :st, :amt, 'CNY', :c, :u, "
        u":cash, :txn, :paid) RETURNING id"_s,
        { { u":no"_s, s.no },
            { u":ch"_s, s.channel },
            { u":st"_s, statusName(s.status) },
            { u":amt"_s, s.amount },
            { u":c"_s, s.createdAt },
            { u":u"_s, s.createdAt },
            { u":cash"_s, s.cashier ? QVariant(s.cashier) : QVariant(QMetaType::fromType<qint64>()) },
            { u":txn"_s, sql::nullableString(s.txn) },
            { u":paid"_s, s.createdAt + 5000 } });
    if (!q || !q->next())
        qFatal("insert failed: %s", q ? "no id" : qPrintable(q.error().detail));
    return q->value(0).toLongLong();
}

QStringList numbers(const QList<PaymentRow>& rows)
{
    QStringList out;
    for (const auto& r : rows)
        out << r.outTradeNo;
    return out;
}

struct Data
{
    explicit Data(const Database& db)
    {
        alice = insertUser(db, u"alice"_s, u"cashier"_s);
        bob = insertUser(db, u"bob"_s, u"cashier"_s);
        (void)sql::exec(
            *db.connection(), u"UPDATE users SET display_name = '张三' WHERE id = :id"_s, { { u":id"_s, alice } });
        insert(db, { u"A1"_s, u"wechatpay"_s, domain::PaymentStatus::Succeeded, 1000, kT0, alice, u"WX1"_s });
        insert(db, { u"A2"_s, u"alipay"_s, domain::PaymentStatus::Succeeded, 2550, kT0 + kDay, bob, u"ALI2"_s });
        insert(db, { u"A3"_s, u"wechatpay"_s, domain::PaymentStatus::Pending, 99, kT0 + 2 * kDay, alice, {} });
        insert(db, { u"A4"_s, u"alipay"_s, domain::PaymentStatus::Refunded, 100000, kT0 + 3 * kDay, alice, u"ALI4"_s });
        insert(db,
            { u"A5"_s, u"wechatpay"_s, domain::PaymentStatus::PartiallyRefunded, 5000, kT0 + 4 * kDay, bob, u"WX5"_s });
        insert(db, { u"A6"_s, u"alipay"_s, domain::PaymentStatus::Closed, 1, kT0 + 5 * kDay, 0, {} });
    }
    qint64 alice = 0;
    qint64 bob = 0;
};

} // namespace

class TestPaymentQuery final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filtersAloneAndCombined()
    {
        PD_TEST_DATABASE(t);
        const Data d(*t->db());
        FakeClock clock;
        PaymentQuery q(*t->db(), clock);
        auto list = [&](const PaymentFilter& f) {
            auto r = q.page(f, std::nullopt, 200);
            if (!r)
                qWarning("%s", qPrintable(r.error().detail));
            return r ? numbers(*r) : QStringList { u"error"_s };
        };
        QCOMPARE(list({}), (QStringList { u"A6"_s, u"A5"_s, u"A4"_s, u"A3"_s, u"A2"_s, u"A1"_s }));

        PaymentFilter dates;
        dates.from = QDateTime::fromMSecsSinceEpoch(kT0 + kDay, Qt::UTC);
        dates.to = QDateTime::fromMSecsSinceEpoch(kT0 + 3 * kDay, Qt::UTC); // exclusive
        QCOMPARE(list(dates), (QStringList { u"A3"_s, u"A2"_s }));

        PaymentFilter channel;
        channel.channel = ChannelKind::Alipay;
        QCOMPARE(list(channel), (QStringList { u"A6"_s, u"A4"_s, u"A2"_s }));

        PaymentFilter status;
        status.statuses = { domain::PaymentStatus::Succeeded, domain::PaymentStatus::PartiallyRefunded };
        QCOMPARE(list(status), (QStringList { u"A5"_s, u"A2"_s, u"A1"_s }));

        PaymentFilter cashier;
        cashier.cashierId = d.bob;
        QCOMPARE(list(cashier), (QStringList { u"A5"_s, u"A2"_s }));

        PaymentFilter amounts;
        amounts.minAmountMinor = 99;
        amounts.maxAmountMinor = 2550; // both inclusive
        QCOMPARE(list(amounts), (QStringList { u"A3"_s, u"A2"_s, u"A1"_s }));

        PaymentFilter combined;
        combined.channel = ChannelKind::WeChatPay;
        combined.cashierId = d.alice;
        combined.minAmountMinor = 500;
        combined.from = QDateTime::fromMSecsSinceEpoch(kT0, Qt::UTC);
        QCOMPARE(list(combined), (QStringList { u"A1"_s }));
        combined.statuses = { domain::PaymentStatus::Pending };
        QCOMPARE(list(combined), QStringList {});
    }

    void searchByEitherNumber()
    {
        PD_TEST_DATABASE(t);
        const Data d(*t->db());
        FakeClock clock;
        PaymentQuery q(*t->db(), clock);
        PaymentFilter f;
        f.search = u" A4 "_s;
        auto byOurs = q.page(f, std::nullopt, 200);
        QVERIFY(byOurs);
        QCOMPARE(numbers(*byOurs), QStringList { u"A4"_s });
        QCOMPARE(byOurs->first().amount.toDecimalString(), u"1000.00"_s);
        QCOMPARE(byOurs->first().cashierName, u"张三"_s);
        f.search = u"WX5"_s;
        auto byChannel = q.page(f, std::nullopt, 200);
        QVERIFY(byChannel);
        QCOMPARE(numbers(*byChannel), QStringList { u"A5"_s });
        QCOMPARE(byChannel->first().cashierName, u"bob"_s); // no display name: the user name
        f.search = u"A"_s; // exact, not a prefix
        QCOMPARE(q.page(f, std::nullopt, 200)->size(), 0);
    }

    void keysetPagesCoverEveryRowOnceInOrder()
    {
        PD_TEST_DATABASE(t);
        FakeClock clock;
        for (int i = 0; i < 47; ++i)
            insert(*t->db(),
                { u"K%1"_s.arg(i, 3, 10, QLatin1Char('0')),
                    i % 2 ? u"alipay"_s : u"wechatpay"_s,
                    domain::PaymentStatus::Succeeded,
                    100 + i,
                    kT0 + i,
                    0,
                    {} });
        PaymentQuery q(*t->db(), clock);
        QList<qint64> ids;
        std::optional<qint64> before;
        int pages = 0;
        for (;;) {
            auto page = q.page({}, before, 10);
            QVERIFY(page);
            ids << [&] {
                QList<qint64> x;
                for (const auto& r : *page)
                    x << r.id;
                return x;
            }();
            ++pages;
            if (page->size() < 10)
                break;
            before = page->last().id;
        }
        QCOMPARE(pages, 5);
        QCOMPARE(ids.size(), 47);
        QCOMPARE(QSet<qint64>(ids.begin(), ids.end()).size(), 47);
        QVERIFY(std::is_sorted(ids.rbegin(), ids.rend()));

        auto last = q.lastPage({}, 10);
        QVERIFY(last);
        QCOMPARE(last->size(), 10);
        QCOMPARE(last->last().outTradeNo, u"K000"_s); // newest first, ending at the oldest
        QCOMPARE(last->first().outTradeNo, u"K009"_s);
        auto above = q.pageAfter({}, last->first().id, 10);
        QVERIFY(above);
        QCOMPARE(above->last().outTradeNo, u"K010"_s);
        QCOMPARE(above->first().outTradeNo, u"K019"_s);
        PaymentFilter ali;
        ali.channel = ChannelKind::Alipay;
        QCOMPARE(q.lastPage(ali, 3)->last().outTradeNo, u"K001"_s);
    }

    void dateFilteredPagesFollowCreationTime()
    {
        // With a date range the pages are keyset pages on (created_at, id). ids need not follow created_at (the
        // clock may step back, concurrent inserts interleave), so the rows here are inserted out of time order,
        // with ties in the same millisecond, and some fall outside the range on either side.
        PD_TEST_DATABASE(t);
        FakeClock clock;
        const QList<qint64> offsets { 5, 3, 3, 9, 0, 7, 3, 1, 8, 8, 2, 6, 4, 9, 3, -1, 10, 0, 5, 11, 7, 2, 6 };
        QHash<qint64, qint64> createdAt; // id -> created_at, for the rows in range
        for (int i = 0; i < offsets.size(); ++i) {
            const qint64 at = kT0 + offsets[i] * 1000;
            const qint64 id = insert(*t->db(),
                { u"T%1"_s.arg(i, 3, 10, QLatin1Char('0')),
                    u"wechatpay"_s,
                    domain::PaymentStatus::Succeeded,
                    100 + i,
                    at,
                    0,
                    {} });
            if (offsets[i] >= 0 && offsets[i] < 10)
                createdAt.insert(id, at);
        }
        PaymentQuery q(*t->db(), clock);
        PaymentFilter f;
        f.from = QDateTime::fromMSecsSinceEpoch(kT0, Qt::UTC);
        f.to = QDateTime::fromMSecsSinceEpoch(kT0 + 10 * 1000, Qt::UTC);
        QVERIFY(PaymentQuery::orderedByTime(f));
        QVERIFY(!PaymentQuery::orderedByTime({}));

        // The expected order: newest first by creation time, then by id.
        QList<qint64> expected = createdAt.keys();
        std::sort(expected.begin(), expected.end(), [&](qint64 a, qint64 b) {
            return std::pair(createdAt[a], a) > std::pair(createdAt[b], b);
        });
        QCOMPARE(expected.size(), 20);

        for (const int size : { 1, 3, 4, 7, 20, 50 }) {
            // Down from the newest.
            QList<qint64> down;
            std::optional<qint64> before;
            for (;;) {
                auto page = q.page(f, before, size);
                QVERIFY2(page, page ? "" : qPrintable(page.error().detail));
                for (const auto& r : *page)
                    down << r.id;
                if (page->size() < size)
                    break;
                before = page->last().id;
            }
            QCOMPARE(down, expected);

            // Up from the oldest, as after "jump to end": each page newest first, pages stacked on top.
            QList<qint64> up;
            auto page = q.lastPage(f, size);
            QVERIFY(page);
            while (!page->isEmpty()) {
                up = QList<qint64>([&] {
                    QList<qint64> x;
                    for (const auto& r : *page)
                        x << r.id;
                    return x;
                }()) + up;
                if (page->size() < size)
                    break;
                page = q.pageAfter(f, page->first().id, size);
                QVERIFY2(page, page ? "" : qPrintable(page.error().detail));
            }
            QCOMPARE(up, expected);
        }

        // Other filters still apply on top of the range, and the export walks the same pages.
        PaymentFilter cheap = f;
        cheap.maxAmountMinor = 110;
        auto some = q.page(cheap, std::nullopt, 3);
        QVERIFY(some);
        for (const auto& r : *some)
            QVERIFY(r.amount.minorUnits() <= 110 && createdAt.contains(r.id));
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        auto exported = q.exportCsv(f, buffer, Actor { 1, u"audrey"_s, domain::Role::Auditor });
        QVERIFY(exported);
        QCOMPARE(*exported, qint64(20));

        // A bound that is not a payment cannot be placed in time order.
        QCOMPARE(q.page(f, 999999, 5).error().code, ErrorCode::NotFound);
    }

    void detailHasHistoryNotificationsRefundsAndAudit()
    {
        PD_TEST_DATABASE(t);
        FakeClock clock;
        const Database& db = *t->db();
        const qint64 finance = insertUser(db, u"fin"_s, u"finance"_s);
        const qint64 id = insert(db, { u"D1"_s, u"wechatpay"_s, domain::PaymentStatus::Pending, 1000, kT0, 0, {} });
        QVERIFY(Transitions::apply(db,
            clock,
            { domain::EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"channel.notification"_s,
                u"system:notify"_s,
                {},
                {} }));
        clock.advanceSecs(60);
        QVERIFY(Transitions::apply(db,
            clock,
            { domain::EntityType::Payment,
                id,
                domain::PaymentStatus::Succeeded,
                domain::PaymentStatus::PartiallyRefunded,
                u"refund.succeeded"_s,
                u"fin"_s,
                {},
                {} }));
        const qint64 refundId = insertRefund(db, id, finance, u"SUCCEEDED"_s, 300);
        QVERIFY(sql::exec(*db.connection(),
            u"INSERT INTO notifications (channel, notification_id, verdict, reason, event_type, "
            u"out_trade_no, payment_id, headers, body, received_at) VALUES ('wechatpay', 'N1', "
            u"'accepted', '', 'TRANSACTION.SUCCESS', 'D1', :p, '{\"Wechatpay-Serial\":\"S\"}', :b, 5)"_s,
            { { u":p"_s, id }, { u":b"_s, QByteArray("{\"id\":\"N1\"}") } }));
        QVERIFY(sql::exec(*db.connection(),
            u"INSERT INTO notifications (channel, notification_id, verdict, reason, out_trade_no, "
            u"headers, body, received_at) VALUES ('wechatpay', 'N1', 'rejected', 'SignatureInvalid', "
            u"'D1', '{}', :b, 6)"_s,
            { { u":b"_s, QByteArray("forged") } }));
        {
            SqlTransaction tx(*db.connection(), db.dialect());
            QVERIFY(AuditLog::append(
                tx.db(), db.dialect(), u"fin"_s, u"refund.request"_s, u"refund"_s, QString::number(refundId), {}, kT0));
            QVERIFY(AuditLog::append(tx.db(),
                db.dialect(),
                u"system"_s,
                u"payment.create"_s,
                u"payment"_s,
                QString::number(id),
                {},
                kT0 - 1));
            QVERIFY(tx.commit());
        }
        PaymentQuery q(db, clock);
        auto d = q.detail(id);
        QVERIFY2(d, d ? "" : qPrintable(d.error().detail));
        QCOMPARE(d->payment.outTradeNo, u"D1"_s);
        QCOMPARE(d->history.size(), 2);
        QCOMPARE(d->history[0].from, domain::PaymentStatus::Pending);
        QCOMPARE(d->history[0].to, domain::PaymentStatus::Succeeded);
        QCOMPARE(d->history[1].to, domain::PaymentStatus::PartiallyRefunded);
        QCOMPARE(d->history[1].actor, u"fin"_s);
        QCOMPARE(d->notifications.size(), 2);
        QCOMPARE(d->notifications[0].body, QByteArray("{\"id\":\"N1\"}"));
        QVERIFY(d->notifications[0].headers.contains(u"Wechatpay-Serial"_s));
        QCOMPARE(d->notifications[1].verdict, u"rejected"_s);
        QCOMPARE(d->refunds.size(), 1);
        QCOMPARE(d->refunds[0].amount.minorUnits(), qint64(300));
        QCOMPARE(d->audit.size(), 2);
        QCOMPARE(d->audit[0].action, u"refund.request"_s);
        QCOMPARE(d->audit[1].action, u"payment.create"_s);
        QCOMPARE(q.detail(id + 1000).error().code, ErrorCode::NotFound);
    }

    void csvExportIsExactSafeAndAudited()
    {
        PD_TEST_DATABASE(t);
        const Data d(*t->db());
        insert(*t->db(),
            { u"=HYPERLINK(\"x\")"_s,
                u"wechatpay"_s,
                domain::PaymentStatus::Succeeded,
                1,
                kT0 + 9 * kDay,
                0,
                u"+1,2"_s });
        FakeClock clock;
        PaymentQuery q(*t->db(), clock);
        const Actor auditor { 1, u"audrey"_s, domain::Role::Auditor };
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        PaymentFilter f;
        f.minAmountMinor = 1;
        auto rows = q.exportCsv(f, buffer, auditor);
        QVERIFY2(rows, rows ? "" : qPrintable(rows.error().detail));
        QCOMPARE(*rows, qint64(7));
        const QByteArray bytes = buffer.data();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"
                                 "out_trade_no,channel,status,amount_yuan"));
        const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 8);
        QVERIFY2(lines[1].startsWith(u"\"'=HYPERLINK(\"\"x\"\")\",wechatpay,SUCCEEDED,0.01,0.00,CNY,"_s),
            qPrintable(lines[1]));
        QVERIFY(lines[1].endsWith(u",\"'+1,2\""_s));
        QVERIFY(lines.contains(u"A4,alipay,REFUNDED,1000.00,0.00,CNY,%1,%2,张三,ALI4"_s.arg(
            QDateTime::fromMSecsSinceEpoch(kT0 + 3 * kDay).toString(u"yyyy-MM-dd HH:mm:ss"_s),
            QDateTime::fromMSecsSinceEpoch(kT0 + 3 * kDay + 5000).toString(u"yyyy-MM-dd HH:mm:ss"_s))));
        QVERIFY(lines.last().startsWith(u"A1,wechatpay,SUCCEEDED,10.00,"_s));
        QCOMPARE(PaymentQuery::csvCell(u"-5"_s), u"'-5"_s);
        QCOMPARE(PaymentQuery::csvCell(u"@SUM(A1)"_s), u"'@SUM(A1)"_s);
        QCOMPARE(PaymentQuery::csvCell(u"a\"b"_s), u"\"a\"\"b\""_s);

        auto audit = AuditLog::forEntity(*t->db()->connection(), u"payment"_s, u"*"_s);
        QVERIFY(audit);
        QCOMPARE(audit->size(), 1);
        QCOMPARE(audit->first().action, u"export.csv"_s);
        QCOMPARE(audit->first().actor, u"audrey"_s);
        QCOMPARE(audit->first().detail.value(u"rows"_s).toInteger(), qint64(7));
        QCOMPARE(
            audit->first().detail.value(u"filter"_s).toObject().value(u"min_amount_minor"_s).toInteger(), qint64(1));
        QVERIFY(AuditLog::verify(*t->db()->connection())->ok);
    }

    void exportNeedsExportPayments_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("cashier") << int(domain::Role::Cashier) << false;
        QTest::newRow("finance") << int(domain::Role::Finance) << true;
        QTest::newRow("manager") << int(domain::Role::Manager) << true;
        QTest::newRow("auditor") << int(domain::Role::Auditor) << true;
        QTest::newRow("admin") << int(domain::Role::Admin) << true;
    }
    void exportNeedsExportPayments()
    {
        QFETCH(int, role);
        QFETCH(bool, allowed);
        PD_TEST_DATABASE(t);
        const Data d(*t->db());
        FakeClock clock;
        PaymentQuery q(*t->db(), clock);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        const Actor actor { d.alice, u"someone"_s, domain::Role(role) };
        // Every role reads payments (a cashier looks orders up at the till); exporting them is a separate right.
        QVERIFY(AccessControl::allows(actor.role, Action::ReadPayments));
        QCOMPARE(AccessControl::allows(actor.role, Action::ExportPayments), allowed);
        auto r = q.exportCsv({}, buffer, actor);
        QCOMPARE(r.has_value(), allowed);
        if (allowed) {
            QCOMPARE(*r, qint64(6));
            QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'export.csv'"_s), qint64(1));
            return;
        }
        QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
        QVERIFY2(r.error().detail.contains(u"export_payments"_s), qPrintable(r.error().detail));
        QCOMPARE(buffer.size(), qint64(0));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'export.csv'"_s), qint64(0));
    }

    void exportNeedsASignedInUser()
    {
        PD_TEST_DATABASE(t);
        const Data d(*t->db());
        FakeClock clock;
        PaymentQuery q(*t->db(), clock);
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        const Actor refused { 0, {}, domain::Role::Finance };
        auto r = q.exportCsv({}, buffer, refused);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(buffer.size(), qint64(0));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'export.csv'"_s), qint64(0));
    }

    void everyActionHasAName()
    {
        // actionName() goes into PermissionDenied details and audit text; an action without one would read
        // "unknown" there.
        QSet<QString> names;
        for (int a = int(Action::Charge); a <= int(Action::ReadAudit); ++a) {
            const QString name = AccessControl::actionName(Action(a));
            QVERIFY2(name != u"unknown"_s, qPrintable(QString::number(a)));
            names.insert(name);
        }
        QCOMPARE(names.size(), int(Action::ReadAudit) + 1);
        QCOMPARE(AccessControl::actionName(Action::ExportPayments), u"export_payments"_s);
    }
};

QTEST_GUILESS_MAIN(TestPaymentQuery)
#include "tst_paymentquery.moc"
