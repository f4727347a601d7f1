// Refunds whose answer goes wrong after the channel took them (a spoiled response signature, an answer held past the
// client's timeout, a 500 after acceptance) or that are lost before it took them: such a refund never ends FAILED
// while the channel has it; the outbox asks the channel before it sends again, the refund sync finishes it, and the
// buyer is refunded exactly once. Then 100 seeded, randomized trials mixing these faults, verified refusals and
// partial refunds on both channels: never a double refund, refunded <= paid always. In-process services against a
// paydesk-sim process (the processes themselves are tst_fault_crash's subject), on the engine under test.
#include <csignal>

#include <QRandomGenerator>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/store/Sql.h"
#include "tests/support/Eventually.h"
#include "tests/support/FaultRig.h"
#include "tests/support/Fixtures.h"
#include "tests/support/PaydeskdProcess.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTrials = 100;
constexpr int kSettleMs = 30000;

/// The faults after which the channel has (or, dropped, has not) the refund but we cannot know from the answer.
const QList<std::pair<QString, QJsonObject>>& unknownOutcomes()
{
    static const QList<std::pair<QString, QJsonObject>> faults {
        { u"bad_signature"_s, { { u"refund_answer"_s, u"bad_signature"_s } } },
        { u"timeout"_s, { { u"refund_hold_ms"_s, 1200 } } }, // the in-process channels give up after 300 ms
        { u"error_500"_s, { { u"refund_answer"_s, u"error_500"_s } } },
        { u"drop_before_accept"_s, { { u"refund_answer"_s, u"drop_before_accept"_s } } },
    };
    return faults;
}

QString describe(const Result<Refund>& r)
{
    return r ? u"%1 %2 %3"_s.arg(r->outRefundNo, statusName(r->status), r->failureCode)
             : u"error %1: %2"_s.arg(errorCodeName(r.error().code), r.error().detail);
}

} // namespace

class TestFaultRefunds final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<FaultRig> m_rig;
    std::unique_ptr<PaydeskdProcess> m_daemon; ///< started by the one case that needs notifications

    /// The simulator's refunds with this number (it keeps one per number; more would be a second refund).
    QList<SimRefundView> atChannel(const QString& outRefundNo) const
    {
        QList<SimRefundView> found;
        for (const SimRefundView& r : m_rig->simRefunds()) {
            if (r.outRefundNo == outRefundNo)
                found << r;
        }
        return found;
    }

    /// Our books for one payment agree with the channel's: what the buyer got back is what we booked, never more
    /// than was paid; every refund we hold SUCCEEDED is one SUCCESS there, every FAILED one is not there at all.
    void checkAgainstChannel(const Payment& paid)
    {
        auto p = m_rig->payment(paid.id);
        QVERIFY(p);
        const qint64 channelRefunded = m_rig->simRefundedFen(p->outTradeNo);
        QVERIFY2(p->refundedMinor == channelRefunded,
            qPrintable(u"%1: refunded %2 here, %3 at the channel"_s.arg(p->outTradeNo)
                           .arg(p->refundedMinor)
                           .arg(channelRefunded)));
        QVERIFY(channelRefunded <= p->amount.minorUnits());
        QCOMPARE(p->reservedMinor, qint64(0));
        int ours = 0;
        for (const Refund& r : m_rig->refundsOf(p->id)) {
            const auto there = atChannel(r.outRefundNo);
            if (r.status == domain::RefundStatus::Succeeded) {
                QVERIFY2(there.size() == 1 && there.first().state == u"SUCCESS"_s
                        && there.first().fen == r.amount.minorUnits(),
                    qPrintable(r.outRefundNo));
                ++ours;
            } else {
                QVERIFY2(
                    r.status == domain::RefundStatus::Failed, qPrintable(r.outRefundNo + u' ' + statusName(r.status)));
                QVERIFY2(there.isEmpty(), qPrintable(r.outRefundNo + u" is FAILED here but the channel has it"_s));
            }
        }
        int theirs = 0;
        for (const SimRefundView& r : m_rig->simRefunds())
            theirs += r.outTradeNo == p->outTradeNo ? 1 : 0;
        QCOMPARE(theirs, ours); // no refund at the channel that we do not know of
    }

private Q_SLOTS:
    void initTestCase()
    {
        PD_TEST_DATABASE(t);
        m_t = std::move(t);
        m_rig = std::make_unique<FaultRig>(*m_t->db(), m_t->url());
        m_daemon = std::make_unique<PaydeskdProcess>(m_t->url(), m_rig->env());
        FaultRig::Options o;
        o.inProcessTimeoutMs = 300;
        o.notifyBaseUrl = m_daemon->url();
        auto started = m_rig->start(o);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
    }

    void cleanupTestCase()
    {
        m_daemon.reset();
        m_rig.reset();
        m_t.reset();
    }

    void anUnknownOutcomeStaysProcessingAndConverges_data()
    {
        QTest::addColumn<int>("channel");
        QTest::addColumn<QJsonObject>("fault");
        for (const auto& [name, fault] : unknownOutcomes()) {
            QTest::addRow("wechatpay %s", qPrintable(name)) << int(ChannelKind::WeChatPay) << fault;
            QTest::addRow("alipay %s", qPrintable(name)) << int(ChannelKind::Alipay) << fault;
        }
    }

    void anUnknownOutcomeStaysProcessingAndConverges()
    {
        QFETCH(int, channel);
        QFETCH(QJsonObject, fault);
        auto p = m_rig->paidPayment(ChannelKind(channel), 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QVERIFY(m_rig->setRefundFault(p->outTradeNo, fault));
        auto r = m_rig->refund(p->id, 400);
        QVERIFY2(r && r->status == domain::RefundStatus::Processing, qPrintable(describe(r)));
        // The reservation is kept while the outcome is unknown: the money cannot be refunded a second time.
        auto held = m_rig->payment(p->id);
        QCOMPARE(held->reservedMinor, qint64(400));
        QCOMPARE(held->refundableMinor(), qint64(600));

        QVERIFY(eventually(
            [&] {
                return m_rig->settleRound({ p->id });
            },
            kSettleMs));
        auto settled = m_rig->refunds().find(r->id);
        QCOMPARE(settled->status, domain::RefundStatus::Succeeded);
        QCOMPARE(atChannel(r->outRefundNo).size(), 1);
        QCOMPARE(m_rig->payment(p->id)->status, domain::PaymentStatus::PartiallyRefunded);

        // The rest, without a fault: exactly what was paid, once.
        auto rest = m_rig->refund(p->id, 600);
        QVERIFY2(rest && rest->status != domain::RefundStatus::Failed, qPrintable(describe(rest)));
        QVERIFY(eventually(
            [&] {
                return m_rig->settleRound({ p->id });
            },
            kSettleMs));
        QCOMPARE(m_rig->payment(p->id)->status, domain::PaymentStatus::Refunded);
        checkAgainstChannel(*p);
    }

    void aChannelSuccessForAFailedRefundIsBooked()
    {
        auto p = m_rig->paidPayment(ChannelKind::WeChatPay, 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        // A verified refusal: FAILED, the reservation released.
        QVERIFY(m_rig->setRefundFault(p->outTradeNo, { { u"balance_not_enough"_s, true } }));
        auto r = m_rig->refund(p->id, 400);
        QVERIFY2(r && r->status == domain::RefundStatus::Failed, qPrintable(describe(r)));
        QCOMPARE(m_rig->payment(p->id)->reservedMinor, qint64(0));
        // The channel pays it out all the same (its back office retried it), and says so in a notification.
        QVERIFY(m_rig->sim().setFaults({}, p->outTradeNo));
        auto started = m_daemon->start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        RefundRequest again { p->outTradeNo, p->channelTxnId, r->outRefundNo, r->amount, p->amount, u"retried"_s, {} };
        QVERIFY(m_rig->channel(ChannelKind::WeChatPay)->refund(again));
        // Never dropped: booked as it happened, with an alert.
        QTRY_COMPARE_WITH_TIMEOUT(m_rig->refunds().find(r->id)->status, domain::RefundStatus::Succeeded, 20000);
        QCOMPARE(
            countRows(
                m_rig->db(), u"events"_s, u"kind = 'refund.succeeded_after_failure' AND entity_id = %1"_s.arg(r->id)),
            qint64(1));
        QCOMPARE(m_rig->payment(p->id)->refundedMinor, qint64(400));
        QCOMPARE(m_daemon->terminate(), 0);
        QVERIFY(m_rig->setRefundFault(p->outTradeNo, {}));
        checkAgainstChannel(*p);
    }

    void aCreateWithAnUnknownOutcomeIsClosedAtTheChannel()
    {
        // The channel stalls (the simulator process stopped): the create times out here, and the channel takes the
        // order once it resumes, answering no one. Unknown is not failed: CREATED and no QR; the outbox asks the
        // channel, closes the order there for certain (no one may pay a QR we never showed), then marks it FAILED.
        const pid_t sim = pid_t(m_rig->sim().processId());
        ::kill(sim, SIGSTOP);
        auto created = m_rig->charge(ChannelKind::WeChatPay, 555);
        ::kill(sim, SIGCONT);
        QVERIFY2(!created, "a create whose answer never came gave a QR");
        auto q = sql::exec(*m_rig->db().connection(), u"SELECT MAX(id) FROM payments"_s);
        QVERIFY(q && q->next());
        const auto p = m_rig->payment(q->value(0).toLongLong());
        QCOMPARE(p->status, domain::PaymentStatus::Created);
        QTRY_VERIFY_WITH_TIMEOUT(!m_rig->sim().order(p->outTradeNo).isEmpty(), 10000); // it reached the channel
        QVERIFY(eventually(
            [this, id = p->id] {
                (void)m_rig->sync().runOutbox();
                return m_rig->payment(id)->status == domain::PaymentStatus::Failed;
            },
            kSettleMs));
        QCOMPARE(m_rig->sim().order(p->outTradeNo).value(u"channel_state"_s).toString(), u"CLOSED"_s);
        QVERIFY(!m_rig->sim().pay(p->outTradeNo));
    }

    void randomizedTrialsNeverRefundTwice()
    {
        bool given = false;
        const quint32 seed = qEnvironmentVariable("PD_FAULT_SEED").toUInt(&given);
        const quint32 used = given ? seed : QRandomGenerator::global()->generate();
        qInfo("randomized fault trials: seed %u (PD_FAULT_SEED=%u repeats this run)", used, used);
        QRandomGenerator rng(used);
        QList<std::pair<QString, QJsonObject>> faults = unknownOutcomes();
        faults.append({ u"none"_s, {} });
        faults.append({ u"refused"_s, { { u"balance_not_enough"_s, true } } }); // a verified refusal: FAILED is right
        QList<Payment> paid;
        QList<qint64> ids;
        for (int trial = 0; trial < kTrials; ++trial) {
            const ChannelKind channel = rng.bounded(2) ? ChannelKind::WeChatPay : ChannelKind::Alipay;
            auto p = m_rig->paidPayment(channel, 200 + rng.bounded(9800));
            QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
            paid << *p;
            ids << p->id;
            const int refunds = 1 + int(rng.bounded(3));
            for (int k = 0; k < refunds; ++k) {
                const qint64 refundable = m_rig->payment(p->id)->refundableMinor();
                if (refundable <= 0)
                    break;
                const qint64 amount = k + 1 == refunds ? refundable : 1 + qint64(rng.bounded(quint32(refundable)));
                const auto& [name, fault] = faults.at(int(rng.bounded(quint32(faults.size()))));
                QVERIFY(m_rig->setRefundFault(p->outTradeNo, fault));
                auto r = m_rig->refund(p->id, amount);
                QVERIFY(m_rig->setRefundFault(p->outTradeNo, {}));
                const QString what = u"trial %1 refund %2 (%3): "_s.arg(trial).arg(k).arg(name) + describe(r);
                QVERIFY2(r, qPrintable(what));
                if (name == u"refused"_s)
                    QVERIFY2(r->status == domain::RefundStatus::Failed, qPrintable(what));
                else
                    QVERIFY2(r->status != domain::RefundStatus::Failed,
                        qPrintable(what)); // FAILED while the channel may have it
            }
        }
        QVERIFY(eventually(
            [&] {
                return m_rig->settleRound(ids);
            },
            kSettleMs));
        for (const Payment& p : std::as_const(paid)) {
            checkAgainstChannel(p);
            if (QTest::currentTestFailed())
                return;
        }
    }
};

QTEST_GUILESS_MAIN(TestFaultRefunds)
#include "tst_fault_refunds.moc"
