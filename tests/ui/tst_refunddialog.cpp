// The refund dialog offscreen over the real RefundService and a scripted channel: partial and second refunds, an
// over-refund refused in the dialog, strict amounts, the confirmation, and a double click that refunds once.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/RefundService.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeDialogs.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"
#include "ui/common/ErrorText.h"
#include "ui/refunds/RefundDialog.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;

namespace {

struct Ui
{
    explicit Ui(RefundDialog& d)
        : amount(d.findChild<QLineEdit*>(u"amountEdit"_s))
        , reason(d.findChild<QComboBox*>(u"reasonCombo"_s))
        , note(d.findChild<QLineEdit*>(u"reasonTextEdit"_s))
        , refundable(d.findChild<QLabel*>(u"refundableLabel"_s))
        , amountError(d.findChild<QLabel*>(u"amountErrorLabel"_s))
        , result(d.findChild<QLabel*>(u"resultLabel"_s))
        , refund(d.findChild<QPushButton*>(u"refundButton"_s))
    {
    }
    bool complete() const { return amount && reason && note && refundable && amountError && result && refund; }
    QLineEdit* amount;
    QComboBox* reason;
    QLineEdit* note;
    QLabel* refundable;
    QLabel* amountError;
    QLabel* result;
    QPushButton* refund;
};

} // namespace

class TestRefundDialog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void partialThenSecondThenOverRefundRefused()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const Payment p = rig.paid(1000);
        {
            RefundDialog dlg(rig.refunds, p, rig.finance(), dialogs);
            dlg.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dlg));
            Ui ui(dlg);
            QVERIFY(ui.complete());
            QCOMPARE(ui.refundable->text(), u"¥10.00"_s);
            QCOMPARE(ui.reason->count(), 5);
            QCOMPARE(ui.reason->itemData(0).toString(), u"customer_request"_s);
            QVERIFY(!ui.refund->isEnabled()); // nothing typed yet
            QTest::keyClicks(ui.amount, u"3.00"_s);
            ui.reason->setCurrentIndex(ui.reason->findData(u"goods_returned"_s));
            QVERIFY(ui.refund->isEnabled());
            QSignalSpy done(&dlg, &RefundDialog::requestFinished);
            QTest::mouseClick(ui.refund, Qt::LeftButton);
            QTRY_COMPARE(done.count(), 1);
            QCOMPARE(dialogs.confirmations().size(), 1);
            QVERIFY(dialogs.confirmations().first().contains(u"¥3.00"_s));
            QCOMPARE(dlg.result()->status, domain::RefundStatus::Succeeded);
            QCOMPARE(dlg.result()->reasonCode, u"goods_returned"_s);
            QVERIFY(ui.result->text().contains(u"¥3.00"_s));
            QVERIFY(!ui.refund->isEnabled()); // done: this dialog never refunds again
        }
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::PartiallyRefunded);
        {
            RefundDialog dlg(rig.refunds, rig.payment(p.id), rig.finance(), dialogs);
            dlg.show();
            Ui ui(dlg);
            QCOMPARE(ui.refundable->text(), u"¥7.00"_s);
            QTest::keyClicks(ui.amount, u"7.01"_s);
            QVERIFY(!ui.refund->isEnabled());
            QVERIFY(ui.amountError->text().contains(u"¥7.00"_s));
            QTest::mouseClick(ui.refund, Qt::LeftButton); // disabled: nothing happens
            QCOMPARE(dialogs.confirmations().size(), 1);
            ui.amount->clear();
            QTest::keyClicks(ui.amount, u"2"_s);
            QVERIFY(ui.amountError->text().isEmpty());
            QSignalSpy done(&dlg, &RefundDialog::requestFinished);
            QTest::mouseClick(ui.refund, Qt::LeftButton);
            QTRY_COMPARE(done.count(), 1);
            QCOMPARE(dlg.result()->amount.minorUnits(), qint64(200));
        }
        QCOMPARE(countRows(rig.db, u"refunds"_s), qint64(2));
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(500));
        QVERIFY(dialogs.errors().isEmpty());
    }

    void amountsAreStrict_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("whole") << u"5"_s << true;
        QTest::newRow("one decimal") << u"5.5"_s << true;
        QTest::newRow("all") << u"10.00"_s << true;
        QTest::newRow("zero") << u"0"_s << false;
        QTest::newRow("zero fen") << u"0.00"_s << false;
        QTest::newRow("over by a fen") << u"10.01"_s << false;
        QTest::newRow("leading zero") << u"05"_s << false;
        QTest::newRow("three decimals are not typed") << u"1.234"_s << true; // the validator drops the "4"
    }
    void amountsAreStrict()
    {
        QFETCH(QString, typed);
        QFETCH(bool, accepted);
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        RefundDialog dlg(rig.refunds, rig.paid(1000), rig.finance(), dialogs);
        Ui ui(dlg);
        QTest::keyClicks(ui.amount, typed);
        QCOMPARE(ui.refund->isEnabled(), accepted);
        QCOMPARE(dlg.validAmount().has_value(), accepted);
        QCOMPARE(ui.amountError->text().isEmpty(), accepted);
        QTest::keyClicks(ui.amount, u"x-"_s); // letters and signs are never typed
        QVERIFY(!ui.amount->text().contains(u'x') && !ui.amount->text().contains(u'-'));
    }

    void declinedConfirmationSendsNothingAndOtherNeedsANote()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        RefundDialog dlg(rig.refunds, rig.paid(1000), rig.finance(), dialogs);
        Ui ui(dlg);
        QTest::keyClicks(ui.amount, u"1.00"_s);
        ui.reason->setCurrentIndex(ui.reason->findData(u"other"_s));
        QVERIFY(!ui.refund->isEnabled());
        ui.note->setText(u"手工调整"_s); // QTest types only ASCII
        QVERIFY(ui.refund->isEnabled());
        dialogs.queueAnswer(false);
        QTest::mouseClick(ui.refund, Qt::LeftButton);
        QCOMPARE(dialogs.confirmations().size(), 1);
        QVERIFY(!dlg.isInFlight());
        QCOMPARE(countRows(rig.db, u"refunds"_s), qint64(0));
        QCOMPARE(rig.channel.count(u"refund"_s), 0);
    }

    void doubleClickSubmitsOnce()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        // A slow channel: the refund is held there until the person has clicked again.
        QSemaphore atChannel;
        QSemaphore letGo;
        rig.channel.onRefund = [&](const RefundRequest& r) -> Result<RefundStatus> {
            atChannel.release();
            letGo.acquire();
            return rig.channel.refundState(r, RefundState::Processing);
        };
        RefundDialog dlg(rig.refunds, rig.paid(1000), rig.finance(), dialogs);
        // However the test ends, the held request finishes before the dialog and the rig go.
        const auto release = qScopeGuard([&letGo] {
            letGo.release(8);
            QThreadPool::globalInstance()->waitForDone();
        });
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        Ui ui(dlg);
        QTest::keyClicks(ui.amount, u"4.00"_s);
        QSignalSpy done(&dlg, &RefundDialog::requestFinished);
        QTest::mouseDClick(ui.refund, Qt::LeftButton);
        QTest::mouseClick(ui.refund, Qt::LeftButton);
        QVERIFY(dlg.isInFlight());
        QVERIFY(!ui.refund->isEnabled());
        dlg.reject(); // cannot close while in flight
        QVERIFY(dlg.isVisible());
        QVERIFY(atChannel.tryAcquire(1, 30000)); // the request is at the channel, and held there
        QCOMPARE(done.count(), 0);
        letGo.release();
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(dlg.result()->status, domain::RefundStatus::Processing);
        // Done: a further click asks nothing and sends nothing (a submission would ask for confirmation and be in
        // flight at once).
        QTest::mouseClick(ui.refund, Qt::LeftButton);
        QVERIFY(!ui.refund->isEnabled());
        QVERIFY(!dlg.isInFlight());
        QCOMPARE(done.count(), 1);
        QCOMPARE(countRows(rig.db, u"refunds"_s), qint64(1));
        QCOMPARE(rig.channel.count(u"refund"_s), 1);
        QCOMPARE(dialogs.confirmations().size(), 1);
    }

    void errorShownAndRetryReusesTheKey()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const Payment p = rig.paid(1000);
        const Actor cashier = rig.cashier();
        RefundDialog dlg(rig.refunds, p, cashier, dialogs);
        Ui ui(dlg);
        QTest::keyClicks(ui.amount, u"1.00"_s);
        QSignalSpy done(&dlg, &RefundDialog::requestFinished);
        QTest::mouseClick(ui.refund, Qt::LeftButton);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(dialogs.errors().size(), 1);
        QVERIFY(!ui.result->text().isEmpty());
        QVERIFY(ui.refund->isEnabled()); // may retry (same request key)
        QVERIFY(dlg.requestKey().startsWith(u"ui-refund-"_s));
        QCOMPARE(countRows(rig.db, u"refunds"_s), qint64(0));
    }

    void balanceUsedUpMeanwhileIsExplained()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true });
        FakeDialogs dialogs;
        const Payment p = rig.paid(1000);
        // The dialog was opened on ¥10.00 refundable; someone else refunds ¥6.00 before this person submits ¥5.00.
        RefundDialog dlg(rig.refunds, p, rig.finance(), dialogs);
        Ui ui(dlg);
        QTest::keyClicks(ui.amount, u"5.00"_s);
        QVERIFY(ui.refund->isEnabled());
        const Actor manager = rig.manager();
        const RefundInput other { p.id, Money::fen(600), u"customer_request"_s, {}, u"other-till"_s };
        QVERIFY(rig.refunds.request(other, manager));
        QSignalSpy done(&dlg, &RefundDialog::requestFinished);
        QTest::mouseClick(ui.refund, Qt::LeftButton);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(done.first().first().toBool(), false);
        // The precise reason, not the generic "amount is not valid" (the amount was well-formed).
        const QString expected = userMessage(ErrorCode::RefundExceedsBalance);
        QCOMPARE(expected, u"The amount is more than what is left to refund."_s);
        QCOMPARE(dialogs.errors().size(), 1);
        QVERIFY2(dialogs.errors().first().contains(expected), qPrintable(dialogs.errors().first()));
        QVERIFY2(ui.result->text().contains(expected), qPrintable(ui.result->text()));
        QCOMPARE(countRows(rig.db, u"refunds"_s), qint64(1));
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(600));
    }

    void refundErrorsHaveTheirOwnWords()
    {
        QCOMPARE(userMessage(ErrorCode::ReasonRequired), u"Choose a reason for the refund."_s);
        QVERIFY(userMessage(ErrorCode::RefundExceedsBalance) != userMessage(ErrorCode::InvalidAmount));
        QVERIFY(userMessage(ErrorCode::ReasonRequired) != userMessage(ErrorCode::InvalidArgument));
    }

    void largeRefundWaitsForApproval()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .refundsSucceed = true, .approvalThresholdMinor = 500 });
        FakeDialogs dialogs;
        RefundDialog dlg(rig.refunds, rig.paid(1000), rig.finance(), dialogs);
        Ui ui(dlg);
        QTest::keyClicks(ui.amount, u"8.00"_s);
        QSignalSpy done(&dlg, &RefundDialog::requestFinished);
        QTest::mouseClick(ui.refund, Qt::LeftButton);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(dlg.result()->status, domain::RefundStatus::AwaitingApproval);
        QVERIFY(ui.result->text().contains(u"approval"_s));
        QCOMPARE(rig.channel.count(u"refund"_s), 0);
    }
};

QTEST_MAIN(TestRefundDialog)
#include "tst_refunddialog.moc"
