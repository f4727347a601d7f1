// Managers' approvals: the requester sees their own refund but cannot approve it, another manager can; rejecting
// needs a reason; the list follows refund events live.
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/RefundService.h"
#include "core/store/EventFeed.h"
#include "core/store/EventListener.h"
#include "core/store/PaymentQuery.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeDialogs.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"
#include "ui/refunds/ApprovalsView.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;

namespace {

/// A refund by `by` of `amount` of a payment of `paid`, waiting for approval (the rig's threshold is ¥5.00).
Refund awaiting(ServiceRig& rig, qint64 paid, qint64 amount, const Actor& by)
{
    const Payment p = rig.paid(paid);
    auto r = rig.refunds.request({ p.id, Money::fen(amount), u"wrong_amount"_s, {}, {} }, by);
    if (!r || r->status != domain::RefundStatus::AwaitingApproval)
        qFatal("refund not awaiting approval");
    return *r;
}

} // namespace

class TestApprovals final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requesterCannotApproveAnotherManagerCan()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .approvalThresholdMinor = 500 });
        FakeDialogs dialogs;
        const Refund r = awaiting(rig, 5000, 3000, rig.manager());

        ApprovalsView own(rig.refunds, rig.query, rig.manager(), dialogs);
        own.show();
        QVERIFY(QTest::qWaitForWindowExposed(&own));
        auto* table = own.findChild<QTableWidget*>(u"approvalsTable"_s);
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 2)->text(), u"¥30.00"_s);
        QCOMPARE(table->item(0, 5)->text(), u"manager1"_s);
        table->selectRow(0);
        QVERIFY(!own.findChild<QPushButton*>(u"approveButton"_s)->isEnabled());
        QVERIFY(own.findChild<QLabel*>(u"approvalHintLabel"_s)->text().contains(u"another manager"_s));

        ApprovalsView other(rig.refunds, rig.query, rig.manager2(), dialogs);
        auto* otherTable = other.findChild<QTableWidget*>(u"approvalsTable"_s);
        otherTable->selectRow(0);
        auto* approve = other.findChild<QPushButton*>(u"approveButton"_s);
        QVERIFY(approve->isEnabled());
        QSignalSpy done(&other, &ApprovalsView::decisionFinished);
        QTest::mouseClick(approve, Qt::LeftButton);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(dialogs.confirmations().size(), 1);
        QCOMPARE(rig.refunds.find(r.id)->status, domain::RefundStatus::Processing);
        QCOMPARE(rig.refunds.find(r.id)->approvedBy, rig.manager2().userId);
        QCOMPARE(otherTable->rowCount(), 0);
        QCOMPARE(rig.channel.count(u"refund"_s), 1);
    }

    void rejectNeedsAReasonAndFinanceOnlyWatches()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .approvalThresholdMinor = 500 });
        FakeDialogs dialogs;
        const Refund r = awaiting(rig, 5000, 4000, rig.manager());
        const Actor finance = rig.finance();
        ApprovalsView watcher(rig.refunds, rig.query, finance, dialogs);
        watcher.findChild<QTableWidget*>(u"approvalsTable"_s)->selectRow(0);
        QVERIFY(!watcher.findChild<QPushButton*>(u"approveButton"_s)->isEnabled());
        QVERIFY(!watcher.findChild<QPushButton*>(u"rejectButton"_s)->isEnabled());

        ApprovalsView view(rig.refunds, rig.query, rig.manager2(), dialogs);
        view.findChild<QTableWidget*>(u"approvalsTable"_s)->selectRow(0);
        auto* reject = view.findChild<QPushButton*>(u"rejectButton"_s);
        QVERIFY(!reject->isEnabled());
        QTest::keyClicks(view.findChild<QLineEdit*>(u"rejectReasonEdit"_s), u"no receipt"_s);
        QVERIFY(reject->isEnabled());
        QSignalSpy done(&view, &ApprovalsView::decisionFinished);
        QTest::mouseClick(reject, Qt::LeftButton);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(rig.refunds.find(r.id)->status, domain::RefundStatus::Failed);
        QCOMPARE(PaymentRepository(rig.db).find(r.paymentId)->reservedMinor, qint64(0));
        QCOMPARE(rig.channel.count(u"refund"_s), 0);
    }

    void listFollowsEventsLive()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .approvalThresholdMinor = 500 });
        FakeDialogs dialogs;
        EventListener listener(t->db());
        listener.setPollIntervalMs(20);
        QVERIFY(listener.start(*EventFeed::latestSeq(*rig.db.connection())));
        ApprovalsView view(rig.refunds, rig.query, rig.manager2(), dialogs);
        view.setEventListener(&listener);
        auto* table = view.findChild<QTableWidget*>(u"approvalsTable"_s);
        QCOMPARE(table->rowCount(), 0);
        awaiting(rig, 5000, 1000, rig.manager());
        QTRY_COMPARE(table->rowCount(), 1);
    }
};

QTEST_MAIN(TestApprovals)
#include "tst_approvals.moc"
