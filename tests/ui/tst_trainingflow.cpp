// The whole training-mode path a new user takes, with no merchant account anywhere: first start, sign in as the
// practice manager, charge, the customer pays on the simulator, paid, then a partial refund from the payments
// browser. With PD_SCREENSHOT_DIR set, each step is saved as a PNG to look at.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "app/paydesk/ConsoleServices.h"
#include "core/crypto/Random.h"
#include "core/crypto/SecretBox.h"
#include "core/domain/StateMachine.h"
#include "core/service/RefundService.h"
#include "core/store/PaymentQuery.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeDialogs.h"
#include "tests/support/TestDatabase.h"
#include "ui/cashier/CashierScreen.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/models/PaymentTableModel.h"
#include "ui/payments/PaymentDetailPane.h"
#include "ui/payments/PaymentsBrowser.h"
#include "ui/refunds/RefundDialog.h"
#include "ui/setup/FirstRunApply.h"
#include "ui/setup/FirstRunWizard.h"
#include "ui/shell/MainWindow.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;

class TestTrainingFlow final : public QObject
{
    Q_OBJECT

    static void shot(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("PD_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            w->grab().save(dir + u'/' + name + u".png"_s);
    }

    template <typename T>
    static T* find(QWidget* root, const QString& name)
    {
        auto* w = root->findChild<T*>(name);
        if (!w)
            qFatal("no widget %s", qPrintable(name));
        return w;
    }

private Q_SLOTS:
    void newUserChargesGetsPaidAndRefunds()
    {
        QStandardPaths::setTestModeEnabled(true);
        PD_TEST_DATABASE(t);
        QTemporaryDir simDir;
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());

        // First start: training mode, an admin; the practice accounts come with it.
        FirstRunResult first;
        first.mode = ConsoleSettings::Mode::Training;
        first.adminUsername = u"boss"_s;
        first.adminDisplayName = u"老板"_s;
        first.adminPassword = crypto::SecureBytes("training pass");
        auto box = std::make_unique<crypto::SecretBox>(crypto::SecureBytes(crypto::randomBytes(32)));
        app::ConsoleServices::Options options;
        options.training = true;
        options.simStateDir = simDir.path();
        options.runJobs = true;
        app::ConsoleServices services(t->db(), clock, std::move(box), options);
        QVERIFY(applyFirstRun(first, *t->db(), services.users()));
        const auto started = services.start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().detail));
        QCOMPARE(services.configuredChannels().size(), 2);

        // The practice manager may both charge and refund.
        const auto manager = services.users().authenticate(u"manager"_s, u"training pass"_s);
        QVERIFY2(manager, "the practice manager account signs in with the admin's password");
        FakeDialogs dialogs;
        MainWindow window(services.mainWindowServices(), *manager, dialogs);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.findChild<QWidget*>(u"trainingBanner"_s));
        QCOMPARE(window.pageNames(), (QStringList { u"cashier"_s, u"payments"_s, u"approvals"_s }));
        shot(&window, u"1-cashier-idle"_s);

        // Charge ¥25.00 with WeChat Pay.
        auto* screen = find<CashierScreen>(&window, u"cashierScreen"_s);
        for (const QString& key : { u"key2"_s, u"key5"_s })
            QTest::mouseClick(find<QPushButton>(screen, key), Qt::LeftButton);
        QTest::mouseClick(find<QPushButton>(screen, u"chargeButton"_s), Qt::LeftButton);
        auto* simPay = find<QPushButton>(screen, u"simPayButton"_s);
        QTRY_VERIFY_WITH_TIMEOUT(simPay->isVisible() && simPay->isEnabled(), 15000);
        shot(&window, u"2-cashier-qr"_s);
        QVERIFY(!find<QPushButton>(screen, u"doneButton"_s)->isEnabled());

        // The customer pays on the simulator; the console shows it paid.
        QTest::mouseClick(simPay, Qt::LeftButton);
        auto* done = find<QPushButton>(screen, u"doneButton"_s);
        QTRY_VERIFY_WITH_TIMEOUT(done->isEnabled() && done->isVisible(), 15000);
        QVERIFY(find<QLabel>(screen, u"resultLabel"_s)->text().contains(u"25.00"_s));
        shot(&window, u"3-cashier-paid"_s);
        QTest::mouseClick(done, Qt::LeftButton);

        // Refund ¥5.00 of it from the payments browser.
        window.showPage(u"payments"_s);
        auto* browser = find<PaymentsBrowser>(&window, u"paymentsBrowser"_s);
        QTest::mouseClick(find<QPushButton>(browser, u"applyFilterButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(browser->model()->rowCount() >= 1, 10000);
        auto* table = find<QTableView>(browser, u"paymentsTable"_s);
        table->selectRow(0);
        auto* refundButton = find<QPushButton>(browser->detailPane(), u"refundButton"_s);
        QTRY_VERIFY_WITH_TIMEOUT(refundButton->isEnabled(), 10000);
        shot(&window, u"4-payments-detail"_s);
        QTest::mouseClick(refundButton, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(browser->refundDialog() != nullptr, 10000);
        RefundDialog* dialog = browser->refundDialog();
        QVERIFY(find<QLabel>(dialog, u"refundableLabel"_s)->text().contains(u"25.00"_s));
        QTest::keyClicks(find<QLineEdit>(dialog, u"amountEdit"_s), u"5"_s);
        find<QComboBox>(dialog, u"reasonCombo"_s)->setCurrentIndex(1);
        dialogs.queueAnswer(true); // "Refund ¥5.00?" yes
        shot(dialog, u"5-refund-dialog"_s);
        QTest::mouseClick(find<QPushButton>(dialog, u"refundButton"_s), Qt::LeftButton);

        // The simulator completes the refund and the channel reports it; the payment becomes partly refunded.
        const qint64 paymentId =
            browser->model()->data(browser->model()->index(0, 0), PaymentTableModel::PaymentIdRole).toLongLong();
        QTRY_VERIFY_WITH_TIMEOUT(services.query()
                                     .row(paymentId)
                                     .map([](const PaymentRow& r) {
                                         return r.status;
                                     })
                                     .value_or(domain::PaymentStatus::Created)
                == domain::PaymentStatus::PartiallyRefunded,
            30000);
        QCOMPARE(services.query().row(paymentId)->refunded.minorUnits(), qint64(500));
        shot(&window, u"6-payments-refunded"_s);
    }
};

QTEST_MAIN(TestTrainingFlow)
#include "tst_trainingflow.moc"
