// kill -9 at each step of a refund, of the process making it: paydeskctl refund (its first submission) and paydeskd
// (its outbox job submitting one whose first attempt was lost). The steps: after the reserve, while the simulator
// holds the request before taking it; during the channel call, accepted and its answer held; right after the answer,
// before its commit (the test holds the database's write lock until the simulator reports it answered, then kills).
// After the restart (paydeskctl jobs run outbox / sync_refunds once the lease is over; paydeskd by itself) every
// refund converges to the channel's truth, once, and refunded <= paid. Real processes, on the engine under test.
#include <csignal>

#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/store/Sql.h"
#include "tests/support/Eventually.h"
#include "tests/support/FaultRig.h"
#include "tests/support/PaydeskdProcess.h"
#include "tests/support/Programs.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

enum class Step
{
    BeforeAccept, ///< the reserve is committed; the simulator holds the request and never takes it
    DuringCall, ///< the simulator took the refund and holds its answer
    AfterAnswer, ///< the answer was sent; its commit waits for the write lock the test holds
};

constexpr int kLeaseMs = 1000;
constexpr int kConvergeMs = 30000;
constexpr int kHoldMs = 600000; ///< longer than any step: the test ends each hold itself (FaultRig::release)

QJsonObject faultFor(Step step)
{
    if (step == Step::BeforeAccept)
        return { { u"refund_answer"_s, u"hold_before_accept"_s }, { u"refund_hold_ms"_s, kHoldMs } };
    return { { u"refund_hold_ms"_s, kHoldMs } };
}

/// Holds the database's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the money tables locked against writes),
/// so that another process's commit waits until release().
class WriteLock final
{
public:
    explicit WriteLock(const Database& db)
        : m_db(db)
    {
    }
    ~WriteLock() { release(); }
    [[nodiscard]] Status acquire()
    {
        auto c = m_db.connection();
        if (!c)
            return tl::unexpected(c.error());
        const bool pg = m_db.engine() == DbEngine::Postgres;
        if (auto st = sql::execRaw(*c, pg ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s); !st)
            return st;
        m_held = true;
        if (pg)
            return sql::execRaw(*c, u"LOCK TABLE payments, refunds, outbox IN EXCLUSIVE MODE"_s);
        return {};
    }
    void release()
    {
        if (!m_held)
            return;
        m_held = false;
        if (auto c = m_db.connection())
            (void)sql::execRaw(*c, u"ROLLBACK"_s);
    }

private:
    const Database& m_db;
    bool m_held = false;
};

} // namespace

class TestFaultCrash final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<FaultRig> m_rig;

    QStringList ctlBase() const { return { u"--db"_s, m_rig->databaseUrl(), u"--json"_s }; }

    /// paydeskctl refund as finance, left running so the test can kill it.
    void startCtlRefund(QProcess& ctl, qint64 paymentId)
    {
        dieWithTest(ctl);
        ctl.setProcessEnvironment(m_rig->env());
        ctl.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        ctl.start(programPath(u"paydeskctl"_s),
            ctlBase()
                + QStringList { u"refund"_s,
                    QString::number(paymentId),
                    u"--amount"_s,
                    u"4.00"_s,
                    u"--reason"_s,
                    u"customer_request"_s,
                    u"--user"_s,
                    FaultRig::financeLogin(),
                    u"--lease-ms"_s,
                    QString::number(kLeaseMs) });
        QVERIFY(ctl.waitForStarted(10000));
        ctl.write(FaultRig::financePassword());
        ctl.closeWriteChannel();
    }

    /// One run of the outbox and the refund sync by paydeskctl, as ops would after a crash; true once the refund is
    /// no longer PROCESSING (the outbox claims it only when the dead process's lease is over).
    bool settledByCtl(qint64 refundId)
    {
        const QStringList lease { u"--lease-ms"_s, QString::number(kLeaseMs) };
        for (const QString& job : { u"outbox"_s, u"sync_refunds"_s }) {
            const ProgramRun run = runProgram(
                u"paydeskctl"_s, ctlBase() + QStringList { u"jobs"_s, u"run"_s, job } + lease, {}, m_rig->env());
            if (run.exitCode != 0)
                qWarning("paydeskctl jobs run %s: %s", qPrintable(job), run.err.constData());
        }
        return m_rig->refunds().find(refundId)->status != domain::RefundStatus::Processing;
    }

    /// The refund the killed process reserved (committed before the channel call), once it exists.
    std::optional<Refund> reservedRefund(qint64 paymentId) const
    {
        const QList<Refund> list = m_rig->refundsOf(paymentId);
        return list.isEmpty() ? std::nullopt : std::optional<Refund>(list.last());
    }

    int logCount(const QString& outRefundNo, const QString& event) const
    {
        int n = 0;
        for (const QJsonValue& v : m_rig->refundLog()) {
            const QJsonObject o = v.toObject();
            n += o.value(u"out_refund_no"_s).toString() == outRefundNo && o.value(u"event"_s).toString() == event;
        }
        return n;
    }

    /// Waits for the step, then kills: `kill` is the process's SIGKILL. `dropsBefore`: "dropped" entries the
    /// refund had before this attempt. Every hold is ended by the test, at the moment the step needs.
    void killAt(Step step, const QString& outRefundNo, int dropsBefore, const std::function<void()>& kill)
    {
        WriteLock lock(m_rig->db());
        switch (step) {
        case Step::BeforeAccept:
            QTRY_VERIFY_WITH_TIMEOUT(m_rig->logged(outRefundNo, u"held"_s), 20000);
            kill();
            // The hold ends with the client gone: the channel never takes it.
            QVERIFY(m_rig->release(outRefundNo));
            QTRY_COMPARE_WITH_TIMEOUT(logCount(outRefundNo, u"dropped"_s), dropsBefore + 1, 10000);
            break;
        case Step::DuringCall:
            QTRY_VERIFY_WITH_TIMEOUT(m_rig->logged(outRefundNo, u"accepted"_s), 20000);
            kill();
            QVERIFY(m_rig->release(outRefundNo));
            QTRY_VERIFY_WITH_TIMEOUT(m_rig->logged(outRefundNo, u"answer_lost"_s), 10000);
            break;
        case Step::AfterAnswer: {
            QTRY_VERIFY_WITH_TIMEOUT(m_rig->logged(outRefundNo, u"accepted"_s), 20000);
            auto locked = lock.acquire();
            QVERIFY2(locked, locked ? "" : qPrintable(locked.error().detail));
            QVERIFY(m_rig->release(outRefundNo));
            QTRY_VERIFY_WITH_TIMEOUT(m_rig->logged(outRefundNo, u"answered"_s), 10000);
            kill();
            lock.release();
            break;
        }
        }
    }

    /// After the crash nothing was committed about the channel call: PROCESSING, the reservation kept.
    void checkInDoubt(const Refund& r, Step step)
    {
        auto now = m_rig->refunds().find(r.id);
        QCOMPARE(now->status, domain::RefundStatus::Processing);
        QCOMPARE(m_rig->payment(r.paymentId)->reservedMinor, qint64(400));
        int there = 0;
        for (const SimRefundView& v : m_rig->simRefunds())
            there += v.outRefundNo == r.outRefundNo;
        QCOMPARE(there, step == Step::BeforeAccept ? 0 : 1);
    }

    /// The channel's truth, once: the refund SUCCEEDED here and there, one refund at the channel, refunded <= paid.
    void checkConverged(const Payment& paid, const Refund& r)
    {
        QCOMPARE(m_rig->refunds().find(r.id)->status, domain::RefundStatus::Succeeded);
        int there = 0;
        for (const SimRefundView& v : m_rig->simRefunds())
            there += v.outTradeNo == paid.outTradeNo;
        QCOMPARE(there, 1);
        auto p = m_rig->payment(paid.id);
        QCOMPARE(p->refundedMinor, m_rig->simRefundedFen(paid.outTradeNo));
        QCOMPARE(p->refundedMinor, qint64(400));
        QCOMPARE(p->reservedMinor, qint64(0));
        QVERIFY(p->refundedMinor <= p->amount.minorUnits());
    }

    static void steps()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("channel");
        const QList<std::pair<const char*, Step>> all { { "after reserve", Step::BeforeAccept },
            { "during call", Step::DuringCall },
            { "after answer", Step::AfterAnswer } };
        for (const auto& [name, step] : all) {
            QTest::addRow("%s wechatpay", name) << int(step) << int(ChannelKind::WeChatPay);
            QTest::addRow("%s alipay", name) << int(step) << int(ChannelKind::Alipay);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        PD_TEST_DATABASE(t);
        m_t = std::move(t);
        m_rig = std::make_unique<FaultRig>(*m_t->db(), m_t->url());
        auto started = m_rig->start(FaultRig::Options {});
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
    }

    void cleanupTestCase()
    {
        m_rig.reset();
        m_t.reset();
    }

    void leaseOptionIsChecked()
    {
        const ProgramRun run = runProgram(u"paydeskctl"_s,
            ctlBase() + QStringList { u"jobs"_s, u"run"_s, u"outbox"_s, u"--lease-ms"_s, u"5"_s },
            {},
            m_rig->env());
        QVERIFY(run.exitCode != 0);
        QVERIFY2(QByteArray(run.out + run.err).contains("--lease-ms must be"), run.out.constData());
    }

    void paydeskctlKilled_data() { steps(); }
    void paydeskctlKilled()
    {
        QFETCH(int, step);
        QFETCH(int, channel);
        auto p = m_rig->paidPayment(ChannelKind(channel), 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QVERIFY(m_rig->setRefundFault(p->outTradeNo, faultFor(Step(step))));
        QProcess ctl;
        startCtlRefund(ctl, p->id);
        // The reserve commits before the channel is called.
        QTRY_VERIFY_WITH_TIMEOUT(reservedRefund(p->id).has_value(), 20000);
        const Refund r = *reservedRefund(p->id);
        killAt(Step(step), r.outRefundNo, 0, [&ctl] {
            ::kill(pid_t(ctl.processId()), SIGKILL);
            ctl.waitForFinished(10000);
        });
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(ctl.exitStatus(), QProcess::CrashExit);
        checkInDoubt(r, Step(step));
        if (QTest::currentTestFailed())
            return;

        QVERIFY2(eventually(
                     [&] {
                         return settledByCtl(r.id);
                     },
                     kConvergeMs),
            "the refund did not converge");
        checkConverged(*p, r);
    }

    void paydeskdKilled_data() { steps(); }
    void paydeskdKilled()
    {
        QFETCH(int, step);
        QFETCH(int, channel);
        auto p = m_rig->paidPayment(ChannelKind(channel), 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        // The first attempt (here) is lost before the channel takes it: an unknown outcome, left to the outbox.
        QVERIFY(m_rig->setRefundFault(p->outTradeNo, { { u"refund_answer"_s, u"drop_before_accept"_s } }));
        auto first = m_rig->refund(p->id, 400);
        QVERIFY2(first && first->status == domain::RefundStatus::Processing,
            first ? qPrintable(statusName(first->status)) : "no refund");
        QVERIFY(m_rig->setRefundFault(p->outTradeNo, faultFor(Step(step))));

        const QStringList args { u"--lease-ms"_s,
            QString::number(kLeaseMs),
            u"--outbox-every-ms"_s,
            u"200"_s,
            u"--refund-sync-every-ms"_s,
            u"200"_s,
            u"--backoff-base-ms"_s,
            u"100"_s,
            u"--poll-every-ms"_s,
            u"0"_s,
            u"--expire-every-ms"_s,
            u"0"_s };
        PaydeskdProcess daemon(m_rig->databaseUrl(), m_rig->env());
        // The first daemon runs the outbox only: its refund sync would ask the channel while the answer is held and
        // could learn the (accepted) refund's success before the test takes its write lock, which is right but not
        // the crash this test is about. The restarted one runs every job.
        QStringList outboxOnly = args;
        outboxOnly[outboxOnly.indexOf(u"--refund-sync-every-ms"_s) + 1] = u"0"_s;
        auto started = daemon.start(outboxOnly);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        killAt(Step(step), first->outRefundNo, 1, [&daemon] {
            daemon.kill();
        });
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!daemon.isRunning());
        checkInDoubt(*first, Step(step));
        if (QTest::currentTestFailed())
            return;

        // Restarted, it takes the work over once the dead owner's lease is over, and finishes it by itself.
        started = daemon.start(args);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_rig->refunds().find(first->id)->status, domain::RefundStatus::Succeeded, kConvergeMs);
        QCOMPARE(daemon.terminate(), 0);
        checkConverged(*p, *first);
    }
};

QTEST_GUILESS_MAIN(TestFaultCrash)
#include "tst_fault_crash.moc"
