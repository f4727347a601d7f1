// The payments browser offscreen: the keyset model under QAbstractItemModelTester, filters and search through the
// widgets, the timeline of a payment that was paid and partly refunded, the audited export, and live updates.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/RefundService.h"
#include "core/store/EventFeed.h"
#include "core/store/EventListener.h"
#include "core/store/PaymentQuery.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeDialogs.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"
#include "ui/models/PaymentTableModel.h"
#include "ui/payments/PaymentDetailPane.h"
#include "ui/payments/PaymentsBrowser.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;
using Col = PaymentTableModel::Column;

namespace {

constexpr qint64 kT0 = 1700000000000; // 2023-11-14
constexpr qint64 kDay = 86400000;

qint64 addPayment(const Database& db,
    const QString& no,
    const QString& channel,
    domain::PaymentStatus status,
    qint64 amount,
    qint64 createdAt,
    qint64 cashier,
    const QString& txn = {})
{
    auto q = sql::exec(*db.connection(),
        u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, "
        u"updated_at, cashier_id, channel_txn_id, merchant_id) VALUES (:no, :ch, :st, :amt, 'CNY', :c, "
        u":u, :cash, :txn, '1900000001') RETURNING id"_s,
        { { u":no"_s, no },
            { u":ch"_s, channel },
            { u":st"_s, statusName(status) },
            { u":amt"_s, amount },
            { u":c"_s, createdAt },
            { u":u"_s, createdAt },
            { u":cash"_s, cashier },
            { u":txn"_s, sql::nullableString(txn) } });
    if (!q || !q->next())
        qFatal("insert failed");
    return q->value(0).toLongLong();
}

QStringList column(const PaymentTableModel& m, Col c)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, int(c)).data().toString();
    return out;
}

} // namespace

class TestPaymentsBrowser final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelPagesByKeysetAndIsWellBehaved()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const qint64 alice = rig.user(u"alice"_s).userId;
        for (int i = 0; i < 450; ++i)
            addPayment(rig.db,
                u"M%1"_s.arg(i, 4, 10, QLatin1Char('0')),
                u"wechatpay"_s,
                domain::PaymentStatus::Succeeded,
                1234 + i,
                kT0 + i,
                alice);
        PaymentTableModel model(rig.query);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({});
        QVERIFY(model.rowCount() >= 200); // the tester itself may have fetched more
        QCOMPARE(model.rowCount() % 200, 0);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 450);
        QCOMPARE(model.index(0, int(Col::OutTradeNo)).data().toString(), u"M0449"_s);
        QCOMPARE(model.index(449, int(Col::Amount)).data().toString(), u"¥12.34"_s);
        QCOMPARE(model.index(449, int(Col::Amount)).data(PaymentTableModel::RawValueRole).toLongLong(), qint64(1234));
        QCOMPARE(model.index(0, int(Col::Status)).data().toString(), u"Paid"_s);
        QCOMPARE(model.index(0, int(Col::Status)).data(PaymentTableModel::RawValueRole).toString(),
            statusName(domain::PaymentStatus::Succeeded));
        QCOMPARE(model.index(0, int(Col::Cashier)).data().toString(), u"alice"_s);
        QCOMPARE(model.index(0, int(Col::Refunded)).data().toString(), QString()); // nothing refunded: blank

        model.jumpToEnd();
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(model.index(199, int(Col::OutTradeNo)).data().toString(), u"M0000"_s);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.canFetchNewer());
        model.fetchNewer();
        model.fetchNewer();
        QCOMPARE(model.rowCount(), 450);
        QVERIFY(!model.canFetchNewer());
        QCOMPARE(model.index(0, int(Col::OutTradeNo)).data().toString(), u"M0449"_s);
    }

    void filtersAndSearchThroughTheWidgets()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const qint64 alice = rig.user(u"alice"_s).userId;
        const qint64 bob = rig.user(u"bob"_s).userId;
        addPayment(rig.db, u"F1"_s, u"wechatpay"_s, domain::PaymentStatus::Succeeded, 1000, kT0, alice, u"4200001"_s);
        addPayment(
            rig.db, u"F2"_s, u"alipay"_s, domain::PaymentStatus::Succeeded, 2500, kT0 + kDay, bob, u"2023ALI2"_s);
        addPayment(rig.db, u"F3"_s, u"alipay"_s, domain::PaymentStatus::Pending, 300, kT0 + 2 * kDay, alice);
        addPayment(
            rig.db, u"F4"_s, u"wechatpay"_s, domain::PaymentStatus::Refunded, 9900, kT0 + 3 * kDay, bob, u"4200004"_s);
        PaymentsBrowser browser(rig.query, &rig.refunds, dialogs, rig.finance());
        browser.resize(1200, 800);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        auto* model = browser.model();
        QCOMPARE(column(*model, Col::OutTradeNo), (QStringList { u"F4"_s, u"F3"_s, u"F2"_s, u"F1"_s }));
        auto* apply = browser.findChild<QPushButton*>(u"applyFilterButton"_s);
        auto* channel = browser.findChild<QComboBox*>(u"channelCombo"_s);
        auto* status = browser.findChild<QComboBox*>(u"statusCombo"_s);
        auto* cashier = browser.findChild<QComboBox*>(u"cashierCombo"_s);
        auto* minAmount = browser.findChild<QLineEdit*>(u"minAmountEdit"_s);
        auto* maxAmount = browser.findChild<QLineEdit*>(u"maxAmountEdit"_s);
        auto* search = browser.findChild<QLineEdit*>(u"searchEdit"_s);
        auto* from = browser.findChild<QDateEdit*>(u"fromDateEdit"_s);
        auto* to = browser.findChild<QDateEdit*>(u"toDateEdit"_s);
        QVERIFY(apply && channel && status && cashier && minAmount && maxAmount && search && from && to);
        QVERIFY(browser.findChild<QPushButton*>(u"jumpToEndButton"_s));
        QVERIFY(browser.findChild<QTableView*>(u"paymentsTable"_s));

        channel->setCurrentIndex(channel->findData(u"alipay"_s));
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(column(*model, Col::OutTradeNo), (QStringList { u"F3"_s, u"F2"_s }));
        status->setCurrentIndex(status->findText(u"Waiting for payment"_s));
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(column(*model, Col::OutTradeNo), QStringList { u"F3"_s });
        channel->setCurrentIndex(0);
        status->setCurrentIndex(status->findText(u"Paid, incl. refunded"_s));
        cashier->setCurrentIndex(cashier->findText(u"bob"_s));
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(column(*model, Col::OutTradeNo), (QStringList { u"F4"_s, u"F2"_s }));
        QTest::keyClicks(maxAmount, u"25.00"_s);
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(column(*model, Col::OutTradeNo), QStringList { u"F2"_s });
        cashier->setCurrentIndex(0);
        status->setCurrentIndex(0);
        maxAmount->clear();
        QTest::keyClicks(minAmount, u"10"_s);
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(column(*model, Col::OutTradeNo), (QStringList { u"F4"_s, u"F2"_s, u"F1"_s }));
        minAmount->setText(u"1.234"_s); // not an amount in yuan: refused, the table keeps its rows
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(browser.findChild<QLabel*>(u"messageLabel"_s)->text().contains(u"1.234"_s));
        QCOMPARE(model->rowCount(), 3);
        minAmount->clear();
        const QDate day1 = QDateTime::fromMSecsSinceEpoch(kT0 + kDay).date();
        from->setDate(day1);
        to->setDate(day1.addDays(1));
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(column(*model, Col::OutTradeNo), (QStringList { u"F3"_s, u"F2"_s }));
        from->setDate(from->minimumDate()); // "Any"
        to->setDate(to->minimumDate());

        QTest::keyClicks(search, u"2023ALI2"_s);
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(column(*model, Col::OutTradeNo), QStringList { u"F2"_s });
        QCOMPARE(browser.detailPane()->paymentId(), model->rowAt(0)->id); // a single hit opens at once
        search->setText(u"F4"_s);
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(column(*model, Col::OutTradeNo), QStringList { u"F4"_s });
    }

    void timelineOfAPaidThenPartlyRefundedPayment()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const qint64 alice = rig.user(u"alice"_s).userId;
        const qint64 id = addPayment(rig.db, u"T1"_s, u"wechatpay"_s, domain::PaymentStatus::Pending, 1000, kT0, alice);
        QVERIFY(Transitions::apply(rig.db,
            rig.clock,
            { domain::EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"channel.notification"_s,
                u"system:notify"_s,
                {},
                {} }));
        rig.clock.advanceSecs(120);
        auto refund =
            rig.refunds.request({ id, Money::fen(300), u"goods_returned"_s, u"size"_s, u"k1"_s }, rig.finance());
        QVERIFY2(refund, refund ? "" : qPrintable(refund.error().detail));

        PaymentsBrowser browser(rig.query, &rig.refunds, dialogs, rig.finance());
        browser.resize(1200, 800);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        auto* table = browser.findChild<QTableView*>(u"paymentsTable"_s);
        table->selectRow(0);
        auto* pane = browser.detailPane();
        QCOMPARE(pane->paymentId(), id);
        auto* timeline = pane->findChild<QTreeWidget*>(u"historyTimeline"_s);
        QVERIFY(timeline);
        QCOMPARE(timeline->topLevelItemCount(), 2);
        QCOMPARE(timeline->topLevelItem(0)->text(1), u"Waiting for payment → Paid"_s);
        QCOMPARE(timeline->topLevelItem(0)->text(2), u"Channel notification"_s);
        QCOMPARE(timeline->topLevelItem(0)->data(2, Qt::UserRole).toString(), u"channel.notification"_s);
        QVERIFY(timeline->topLevelItem(0)->toolTip(2).startsWith(u"channel.notification"_s));
        QCOMPARE(timeline->topLevelItem(0)->text(3), u"system:notify"_s);
        QCOMPARE(timeline->topLevelItem(0)->text(0), PaymentTableModel::timeText(kT0));
        QCOMPARE(timeline->topLevelItem(1)->text(1), u"Paid → Partially refunded"_s);
        QCOMPARE(timeline->topLevelItem(1)->text(0), PaymentTableModel::timeText(kT0 + 120000));
        auto* refunds = pane->findChild<QTableWidget*>(u"refundsTable"_s);
        QCOMPARE(refunds->rowCount(), 1);
        QCOMPARE(refunds->item(0, 1)->text(), u"¥3.00"_s);
        QCOMPARE(refunds->item(0, 2)->text(), u"Refunded"_s);
        auto* audit = pane->findChild<QTableWidget*>(u"auditTable"_s);
        QVERIFY(audit->rowCount() >= 2);
        QCOMPARE(audit->item(0, 2)->text(), u"refund.request"_s);
        QVERIFY(pane->findChild<QTableWidget*>(u"notificationsTable"_s));
        auto* refundButton = pane->findChild<QPushButton*>(u"refundButton"_s);
        QVERIFY(refundButton->isEnabled()); // finance, ¥7.00 refundable
        QCOMPARE(table->model()->index(0, int(Col::Refunded)).data().toString(), u"¥3.00"_s);

        QTest::mouseClick(refundButton, Qt::LeftButton);
        QVERIFY(browser.refundDialog());
        browser.refundDialog()->close();

        const Actor auditor = rig.auditor();
        PaymentsBrowser readOnly(rig.query, nullptr, dialogs, auditor);
        readOnly.findChild<QTableView*>(u"paymentsTable"_s)->selectRow(0);
        QCOMPARE(readOnly.detailPane()->paymentId(), id);
        QVERIFY(!readOnly.detailPane()->findChild<QPushButton*>(u"refundButton"_s)->isEnabled());
    }

    void exportWritesTheFilteredSetAndIsAudited()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const qint64 alice = rig.user(u"alice"_s).userId;
        addPayment(rig.db, u"E1"_s, u"wechatpay"_s, domain::PaymentStatus::Succeeded, 1001, kT0, alice);
        addPayment(rig.db, u"E2"_s, u"alipay"_s, domain::PaymentStatus::Succeeded, 2002, kT0 + 1, alice);
        PaymentsBrowser browser(rig.query, &rig.refunds, dialogs, rig.finance());
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        auto* channel = browser.findChild<QComboBox*>(u"channelCombo"_s);
        channel->setCurrentIndex(channel->findData(u"alipay"_s));
        QTemporaryDir dir;
        const QString path = dir.filePath(u"out.csv"_s);
        dialogs.setNextFileName(path);
        QSignalSpy done(&browser, &PaymentsBrowser::exportFinished);
        QTest::mouseClick(browser.findChild<QPushButton*>(u"exportButton"_s), Qt::LeftButton);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(done.first().at(0).toBool(), true);
        QCOMPARE(done.first().at(1).toLongLong(), qint64(1));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray csv = f.readAll();
        QVERIFY(csv.startsWith("\xEF\xBB\xBF"));
        QVERIFY(csv.contains("E2,alipay,SUCCEEDED,20.02,"));
        QVERIFY(!csv.contains("E1,"));
        QCOMPARE(countRows(rig.db, u"audit_log"_s, u"action = 'export.csv' AND actor = 'finance1'"_s), qint64(1));
    }

    void liveUpdateRefreshesTheRowAndTheDetail()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const qint64 alice = rig.user(u"alice"_s).userId;
        const qint64 id = addPayment(rig.db, u"L1"_s, u"wechatpay"_s, domain::PaymentStatus::Pending, 500, kT0, alice);
        EventListener listener(t->db());
        listener.setPollIntervalMs(20);
        QVERIFY(listener.start(*EventFeed::latestSeq(*rig.db.connection())));
        PaymentsBrowser browser(rig.query, &rig.refunds, dialogs, rig.finance());
        browser.setEventListener(&listener);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        browser.findChild<QTableView*>(u"paymentsTable"_s)->selectRow(0);
        auto* model = browser.model();
        QCOMPARE(model->index(0, int(Col::Status)).data().toString(), u"Waiting for payment"_s);
        auto* timeline = browser.detailPane()->findChild<QTreeWidget*>(u"historyTimeline"_s);
        QCOMPARE(timeline->topLevelItemCount(), 0);

        QVERIFY(Transitions::apply(rig.db,
            rig.clock,
            { domain::EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"poll"_s,
                u"system:sync"_s,
                {},
                {} }));
        QTRY_COMPARE(model->index(0, int(Col::Status)).data().toString(), u"Paid"_s);
        QTRY_COMPARE(timeline->topLevelItemCount(), 1);

        auto refund = rig.refunds.request({ id, Money::fen(200), u"customer_request"_s, {}, {} }, rig.finance());
        QVERIFY(refund);
        QTRY_COMPARE(model->index(0, int(Col::Refunded)).data().toString(), u"¥2.00"_s);
        QTRY_COMPARE(browser.detailPane()->findChild<QTableWidget*>(u"refundsTable"_s)->rowCount(), 1);
    }

    // New payments appear on top as their events arrive, if they match the filter; scrolled down, the rows being
    // read stay where they are.
    void liveArrivalsAppearOnTop()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const qint64 alice = rig.user(u"alice"_s).userId;
        const qint64 bob = rig.user(u"bob"_s).userId;
        for (int i = 0; i < 60; ++i)
            addPayment(rig.db,
                u"A%1"_s.arg(i, 2, 10, QChar(u'0')),
                u"wechatpay"_s,
                domain::PaymentStatus::Succeeded,
                100 + i,
                kT0 + i * 1000,
                alice);
        EventListener listener(t->db());
        listener.setPollIntervalMs(20);
        QVERIFY(listener.start(*EventFeed::latestSeq(*rig.db.connection())));
        PaymentsBrowser browser(rig.query, &rig.refunds, dialogs, rig.finance());
        browser.setEventListener(&listener);
        browser.resize(1000, 500);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        auto* model = browser.model();
        auto* table = browser.findChild<QTableView*>(u"paymentsTable"_s);
        QCOMPARE(model->rowCount(), 60);
        qint64 at = kT0 + 100000;
        // A payment written with its creation event, as PaymentService does (here or on another console).
        const auto arrive = [&](const QString& no, const QString& channel) {
            const qint64 id = addPayment(rig.db, no, channel, domain::PaymentStatus::Pending, 700, at += 1000, bob);
            auto conn = *rig.db.connection();
            SqlTransaction tx(conn, rig.db.dialect());
            if (!EventFeed::append(conn, rig.db.dialect(), u"payment.created"_s, u"payment"_s, id, {}, at)
                || !tx.commit())
                qFatal("event append failed");
            return id;
        };

        const qint64 n1 = arrive(u"N1"_s, u"alipay"_s);
        QTRY_COMPARE(model->rowCount(), 61);
        QCOMPARE(model->rowAt(0)->id, n1);
        QCOMPARE(table->indexAt(QPoint(0, 0)).row(), 0); // at the top, the arrival is in view
        QCOMPARE(browser.findChild<QLabel*>(u"rowsLabel"_s)->text(), u"61 payment(s)."_s);

        // Filtered to WeChat Pay: an Alipay arrival stays out, a WeChat Pay one comes in.
        auto* channel = browser.findChild<QComboBox*>(u"channelCombo"_s);
        channel->setCurrentIndex(channel->findData(u"wechatpay"_s));
        QTest::mouseClick(browser.findChild<QPushButton*>(u"applyFilterButton"_s), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 60);
        arrive(u"N2"_s, u"alipay"_s);
        const qint64 n3 = arrive(u"N3"_s, u"wechatpay"_s);
        QTRY_COMPARE(model->rowCount(), 61);
        QCOMPARE(model->rowAt(0)->id, n3);
        QCOMPARE(model->rowOf(n1), -1);

        // Scrolled down: the top visible row stays the top visible row.
        table->scrollToBottom();
        const QModelIndex before = table->indexAt(QPoint(0, 0));
        QVERIFY(before.row() > 0);
        const qint64 readId = model->data(before, PaymentTableModel::PaymentIdRole).toLongLong();
        arrive(u"N4"_s, u"wechatpay"_s);
        QTRY_COMPARE(model->rowCount(), 62);
        QCOMPARE(model->data(table->indexAt(QPoint(0, 0)), PaymentTableModel::PaymentIdRole).toLongLong(), readId);
    }
};

QTEST_MAIN(TestPaymentsBrowser)
#include "tst_paymentsbrowser.moc"
