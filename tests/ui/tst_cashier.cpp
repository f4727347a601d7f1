// The cashier screen in training mode: real adapters against the in-process simulator, offscreen.
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "app/paydesk/ConsoleServices.h"
#include "core/crypto/Random.h"
#include "core/crypto/SecretBox.h"
#include "core/domain/StateMachine.h"
#include "core/sim/SimServer.h"
#include "core/store/PaymentQuery.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/TestDatabase.h"
#include "ui/cashier/CashierScreen.h"
#include "ui/cashier/CashierSession.h"
#include "ui/cashier/Receipt.h"
#include "ui/widgets/QrCodeWidget.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;
using State = CashierSession::State;

class TestCashier final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    QTemporaryDir m_simDir;
    FakeClock m_clock { QDateTime::currentMSecsSinceEpoch() };
    std::unique_ptr<app::ConsoleServices> m_services;
    Actor m_cashier;

    struct Counter
    {
        std::unique_ptr<CashierSession> session;
        std::unique_ptr<CashierScreen> screen;
        template <typename T>
        T* find(const QString& name) const
        {
            auto* w = screen->findChild<T*>(name);
            if (!w)
                qFatal("no widget %s", qPrintable(name));
            return w;
        }
    };

    Counter openCounter()
    {
        Counter c;
        c.session = std::make_unique<CashierSession>(m_services->payments(), m_clock, m_cashier);
        c.session->setPollIntervalMs(100);
        c.screen = std::make_unique<CashierScreen>(*c.session, m_services->query(), m_cashier, u"Test shop"_s);
        c.screen->resize(1000, 700);
        c.screen->show();
        return c;
    }

    static void type(Counter& c, const QString& keys)
    {
        for (const QChar k : keys) {
            const QString name = k == u'.' ? u"keyDot"_s : u"key"_s + k;
            QTest::mouseClick(c.find<QPushButton>(name), Qt::LeftButton);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        PD_TEST_DATABASE(t);
        m_db = std::move(t);
        QVERIFY(m_simDir.isValid());
        auto box = std::make_unique<crypto::SecretBox>(crypto::SecureBytes(crypto::randomBytes(32)));
        app::ConsoleServices::Options options;
        options.training = true;
        options.simStateDir = m_simDir.path();
        options.runJobs = false;
        m_services = std::make_unique<app::ConsoleServices>(m_db->db(), m_clock, std::move(box), options);
        const auto started = m_services->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().detail));
        QCOMPARE(m_services->configuredChannels().size(), 2);
        m_services->users().setIterationsForTesting(1000);
        const auto user =
            m_services->users().add(u"xiaoli"_s, u"小李"_s, domain::Role::Cashier, u"cashier pass"_s, u"test"_s);
        QVERIFY(user);
        m_cashier = Actor { user->id, user->username, user->role };
    }
    void cleanupTestCase()
    {
        m_services.reset();
        m_db.reset();
    }

    void chargeThenPaidOnTheSimulator_data()
    {
        QTest::addColumn<bool>("alipay");
        QTest::newRow("wechat") << false;
        QTest::newRow("alipay") << true;
    }
    void chargeThenPaidOnTheSimulator()
    {
        QFETCH(bool, alipay);
        Counter c = openCounter();
        if (alipay)
            QTest::mouseClick(c.find<QPushButton>(u"alipayButton"_s), Qt::LeftButton);
        type(c, u"12.34"_s);
        QTest::mouseClick(c.find<QPushButton>(u"chargeButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.session->state(), State::Waiting, 10000);
        const Payment p = c.session->payment();
        QCOMPARE(p.amount.minorUnits(), qint64(1234));
        QVERIFY(c.find<QrCodeWidget>(u"qrCode"_s)->text().startsWith(alipay ? u"https://"_s : u"weixin://"_s));
        QVERIFY(!c.find<QPushButton>(u"doneButton"_s)->isEnabled()); // nothing confirmed yet
        QVERIFY(c.find<QLabel>(u"countdownLabel"_s)->text().contains(u"5:00"_s)); // 300 s to pay

        // A second Enter while the QR is shown must not create a second order.
        c.session->charge(ChannelKind::WeChatPay, Money::fen(1));
        QCOMPARE(c.session->payment().id, p.id);

        const QString takingsBefore = c.find<QLabel>(u"takingsLabel"_s)->text();
        QVERIFY(m_services->simulator()->pay(p.outTradeNo)); // the customer scans and pays
        QTRY_COMPARE_WITH_TIMEOUT(c.session->state(), State::Paid, 10000);
        QVERIFY(c.find<QPushButton>(u"doneButton"_s)->isEnabled());
        QVERIFY(c.find<QLabel>(u"resultLabel"_s)->text().contains(u"12.34"_s));
        QCOMPARE(c.session->payment().status, domain::PaymentStatus::Succeeded);
        QVERIFY(c.find<QLabel>(u"takingsLabel"_s)->text() != takingsBefore); // today's takings include it now
        QVERIFY(c.find<QTableWidget>(u"recentTable"_s)->rowCount() >= 1);

        QTest::mouseClick(c.find<QPushButton>(u"doneButton"_s), Qt::LeftButton);
        QCOMPARE(c.session->state(), State::Idle);
    }

    void cancelClosesTheOrderAtTheChannel()
    {
        Counter c = openCounter();
        type(c, u"5"_s);
        QTest::mouseClick(c.find<QPushButton>(u"chargeButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.session->state(), State::Waiting, 10000);
        const QString no = c.session->payment().outTradeNo;
        QTest::mouseClick(c.find<QPushButton>(u"cancelButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.session->state(), State::Closed, 10000);
        QCOMPARE(c.session->payment().status, domain::PaymentStatus::Closed);
        QVERIFY(!m_services->simulator()->pay(no)); // a cancelled QR can no longer be paid
        QVERIFY(c.find<QPushButton>(u"doneButton"_s)->isEnabled()); // "Back"
    }

    void expiryQueriesThenCloses()
    {
        Counter c = openCounter();
        type(c, u"8.8"_s);
        QTest::mouseClick(c.find<QPushButton>(u"chargeButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.session->state(), State::Waiting, 10000);
        const QString no = c.session->payment().outTradeNo;
        m_clock.advanceSecs(301);
        QTRY_VERIFY2_WITH_TIMEOUT(
            c.session->state() == State::Closed, qPrintable(c.session->lastError().detail), 15000);
        QVERIFY(!m_services->simulator()->pay(no));
    }

    void receiptAsPdf()
    {
        Payment p;
        p.outTradeNo = u"PD20261123000001"_s;
        p.amount = Money::fen(1234);
        p.channelTxnId = u"4200000001"_s;
        p.paidAtMs = m_clock.nowMSecs();
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.pdf"_s);
        QVERIFY(Receipt::writePdf(p, u"Test shop"_s, u"xiaoli"_s, false, path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        QVERIFY(Receipt::html(p, u"Test shop"_s, u"xiaoli"_s).contains(u"12.34"_s));
    }
};

QTEST_MAIN(TestCashier)
#include "tst_cashier.moc"
