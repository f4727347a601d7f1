// PaymentService: create (validation, idempotency, channel failure), cancel, roles, on both engines.
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/PaymentService.h"
#include "core/store/AuditLog.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

CreatePaymentRequest charge(qint64 fen, const QString& key = {})
{
    return CreatePaymentRequest { ChannelKind::WeChatPay, Money::fen(fen), u"Coffee"_s, key, 0, u"till-1"_s };
}

} // namespace

class TestServicePayment final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createMovesToPendingWithCodeUrlAndExpiry()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        auto p = rig.payments.create(charge(1234, u"k1"_s), rig.cashier());
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QCOMPARE(p->status, domain::PaymentStatus::Pending);
        QCOMPARE(p->amount.minorUnits(), qint64(1234));
        QVERIFY(p->codeUrl.startsWith(u"weixin://"_s));
        QCOMPARE(p->expiresAtMs, rig.clock.nowMSecs() + 300 * 1000);
        QCOMPARE(p->merchantId, rig.channel.merchantId());
        QCOMPARE(p->cashierId, rig.cashier().userId);
        QCOMPARE(rig.channel.count(u"createQr"_s), 1);
        QCOMPARE(rig.channel.calls().first().key, p->outTradeNo);
        auto history = Transitions::history(*t->db()->connection(), domain::EntityType::Payment, p->id);
        QVERIFY(history);
        QCOMPARE(history->size(), 1);
        QCOMPARE(history->first().to, domain::PaymentStatus::Pending);
        auto audit = AuditLog::forEntity(*t->db()->connection(), u"payment"_s, QString::number(p->id));
        QVERIFY(audit);
        QCOMPARE(audit->size(), 2); // payment.create + payment.qr_issued
        QCOMPARE(audit->first().action, u"payment.create"_s);
    }

    void sameKeySameParametersReturnsSamePayment()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        auto first = rig.payments.create(charge(500, u"idem-1"_s), rig.cashier());
        QVERIFY(first);
        auto second = rig.payments.create(charge(500, u"idem-1"_s), rig.cashier());
        QVERIFY(second);
        QCOMPARE(second->id, first->id);
        QCOMPARE(second->codeUrl, first->codeUrl);
        QCOMPARE(rig.channel.count(u"createQr"_s), 1);
        QCOMPARE(countRows(*t->db(), u"payments"_s), qint64(1));
    }

    void sameKeyOtherParametersIsAConflict()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        QVERIFY(rig.payments.create(charge(500, u"idem-2"_s), rig.cashier()));
        auto other = rig.payments.create(charge(501, u"idem-2"_s), rig.cashier());
        QVERIFY(!other);
        QCOMPARE(other.error().code, ErrorCode::IdempotencyConflict);
        QCOMPARE(rig.channel.count(u"createQr"_s), 1);
        QCOMPARE(countRows(*t->db(), u"payments"_s), qint64(1));
    }

    void channelFailureEndsFailedWithoutCodeUrl()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        rig.channel.onCreate = [](const CreateQrRequest&) -> Result<CreateQrResult> {
            return refusal(ErrorCode::ChannelRejected, u"PARAM_ERROR"_s); // verified: no order exists
        };
        auto p = rig.payments.create(charge(800, u"fails"_s), rig.cashier());
        QVERIFY(!p);
        QCOMPARE(p.error().code, ErrorCode::ChannelRejected);
        QCOMPARE(countRows(*t->db(),
                     u"payments"_s,
                     u"status = 'FAILED' AND code_url IS NULL AND failure_code = 'ChannelRejected'"_s),
            qint64(1));
        QCOMPARE(countRows(*t->db(), u"outbox"_s), qint64(0)); // a refusal created nothing to close
        // The same key answers the same failure, without a second channel call.
        auto again = rig.payments.create(charge(800, u"fails"_s), rig.cashier());
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::ChannelRejected);
        QCOMPARE(rig.channel.count(u"createQr"_s), 1);
    }

    void unknownCreateOutcomeIsNotAFailure_data()
    {
        QTest::addColumn<int>("code");
        // An answer we never got or could not trust: the order may exist at the channel.
        QTest::newRow("timeout") << int(ErrorCode::NetworkTimeout);
        QTest::newRow("response signature") << int(ErrorCode::ResponseSignatureInvalid);
        QTest::newRow("unknown serial") << int(ErrorCode::UnknownSerial);
        QTest::newRow("malformed answer") << int(ErrorCode::MalformedInput);
        QTest::newRow("unverified refusal") << int(ErrorCode::ChannelRejected);
    }

    void unknownCreateOutcomeIsNotAFailure()
    {
        QFETCH(int, code);
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        rig.channel.onCreate = [code](const CreateQrRequest&) -> Result<CreateQrResult> {
            return fail(ErrorCode(code), u"no trustworthy answer"_s);
        };
        auto p = rig.payments.create(charge(800), rig.cashier());
        QVERIFY(!p); // no QR to show
        QCOMPARE(int(p.error().code), code);
        QVERIFY(!p.error().definite);
        // Not FAILED on a guess: CREATED until the outbox has asked the channel and closed the order for certain.
        QCOMPARE(countRows(*t->db(), u"payments"_s, u"status = 'CREATED'"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"payments"_s, u"status = 'FAILED'"_s), qint64(0));
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"kind = 'payment.close' AND status = 'pending'"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'payment.create_unknown'"_s), qint64(1));
    }

    void validationAndRoles()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        auto zero = rig.payments.create(charge(0), rig.cashier());
        QVERIFY(!zero);
        QCOMPARE(zero.error().code, ErrorCode::InvalidAmount);
        auto noDescription = rig.payments.create(
            CreatePaymentRequest { ChannelKind::WeChatPay, Money::fen(100), {}, {}, 0, {} }, rig.cashier());
        QCOMPARE(noDescription.error().code, ErrorCode::InvalidArgument);
        auto noChannel = rig.payments.create(
            CreatePaymentRequest { ChannelKind::Alipay, Money::fen(100), u"Tea"_s, {}, 0, {} }, rig.cashier());
        QCOMPARE(noChannel.error().code, ErrorCode::NotFound);
        auto auditor = rig.payments.create(charge(100), rig.auditor());
        QVERIFY(!auditor);
        QCOMPARE(auditor.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(rig.channel.count(u"createQr"_s), 0);
        QCOMPARE(countRows(*t->db(), u"payments"_s), qint64(0));
    }

    void cancelClosesAtTheChannelFirst()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        auto p = rig.payments.create(charge(300), rig.cashier());
        QVERIFY(p);
        // A failed close leaves the QR payable, so nothing changes locally.
        rig.channel.onClose = [](const QString&) -> Status {
            return fail(ErrorCode::NetworkTimeout);
        };
        auto failed = rig.payments.cancel(p->id, rig.cashier());
        QVERIFY(!failed);
        QCOMPARE(rig.payments.status(p->id, rig.cashier())->status, domain::PaymentStatus::Pending);
        rig.channel.onClose = nullptr;
        auto closed = rig.payments.cancel(p->id, rig.cashier());
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().detail));
        QCOMPARE(closed->status, domain::PaymentStatus::Closed);
        QCOMPARE(rig.channel.count(u"close"_s), 2);
    }

    void cancelOfAPaidOrderReportsPaid()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        auto p = rig.payments.create(charge(300), rig.cashier());
        QVERIFY(p);
        rig.channel.onClose = [](const QString&) -> Status {
            return fail(ErrorCode::OrderPaid);
        };
        const QString no = p->outTradeNo;
        rig.channel.onQuery = [&](const QString&) -> Result<TradeStatus> {
            return rig.channel.paid(no, 300);
        };
        auto r = rig.payments.cancel(p->id, rig.cashier());
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::OrderPaid);
        QCOMPARE(rig.payments.status(p->id, rig.cashier())->status, domain::PaymentStatus::Succeeded);
        // The history says how it was learnt.
        auto history = Transitions::history(*t->db()->connection(), domain::EntityType::Payment, p->id);
        QVERIFY(history && !history->isEmpty());
        QCOMPARE(history->constLast().cause, u"cancel.found_paid"_s);
    }

    void syncRecordsItsCause()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        auto p = rig.payments.create(charge(300), rig.cashier());
        QVERIFY(p);
        const QString no = p->outTradeNo;
        rig.channel.onQuery = [&](const QString&) -> Result<TradeStatus> {
            return rig.channel.paid(no, 300);
        };
        auto synced = rig.payments.syncWithChannel(p->id, rig.cashier(), u"cashier.poll"_s);
        QVERIFY(synced);
        QCOMPARE(synced->status, domain::PaymentStatus::Succeeded);
        auto history = Transitions::history(*t->db()->connection(), domain::EntityType::Payment, p->id);
        QVERIFY(history && !history->isEmpty());
        QCOMPARE(history->constLast().cause, u"cashier.poll"_s);
    }
};

QTEST_GUILESS_MAIN(TestServicePayment)
#include "tst_paymentservice.moc"
