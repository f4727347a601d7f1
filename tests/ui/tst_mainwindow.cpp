// The main window: sign in through the login dialog as each role and see only that role's screens; lock; the
// database-failure window.
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include "app/paydesk/ConsoleServices.h"
#include "core/crypto/Random.h"
#include "core/crypto/SecretBox.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeDialogs.h"
#include "tests/support/TestDatabase.h"
#include "ui/login/LockScreen.h"
#include "ui/login/LoginDialog.h"
#include "ui/shell/MainWindow.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;
using domain::Role;

class TestMainWindow final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    FakeClock m_clock { QDateTime::currentMSecsSinceEpoch() };
    std::unique_ptr<app::ConsoleServices> m_services;
    FakeDialogs m_dialogs;

    void signIn(const QString& username, const QString& password, std::optional<User>& out)
    {
        out.reset();
        LoginDialog login(m_services->users());
        login.show();
        QTest::keyClicks(login.findChild<QLineEdit*>(u"usernameEdit"_s), username);
        QTest::keyClicks(login.findChild<QLineEdit*>(u"passwordEdit"_s), password);
        QTest::mouseClick(login.findChild<QPushButton*>(u"loginButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            login.authenticatedUser().has_value() || !login.findChild<QLabel*>(u"errorLabel"_s)->text().isEmpty(),
            10000);
        out = login.authenticatedUser();
    }

private Q_SLOTS:
    void initTestCase()
    {
        PD_TEST_DATABASE(t);
        m_db = std::move(t);
        auto box = std::make_unique<crypto::SecretBox>(crypto::SecureBytes(crypto::randomBytes(32)));
        app::ConsoleServices::Options options;
        options.runJobs = false;
        m_services = std::make_unique<app::ConsoleServices>(m_db->db(), m_clock, std::move(box), options);
        QVERIFY(m_services->start());
        m_services->users().setIterationsForTesting(1000);
        for (const auto& [name, role] :
            std::initializer_list<std::pair<QString, Role>> { { u"cashier"_s, Role::Cashier },
                { u"finance"_s, Role::Finance },
                { u"manager"_s, Role::Manager },
                { u"admin"_s, Role::Admin },
                { u"auditor"_s, Role::Auditor } })
            QVERIFY(m_services->users().add(name, {}, role, u"password-"_s + name, u"test"_s));
    }
    void cleanupTestCase()
    {
        m_services.reset();
        m_db.reset();
    }

    void eachRoleSeesItsScreens_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QStringList>("pages");
        QTest::newRow("cashier") << u"cashier"_s << QStringList { u"cashier"_s };
        QTest::newRow("finance") << u"finance"_s << QStringList { u"payments"_s, u"approvals"_s };
        QTest::newRow("manager") << u"manager"_s << QStringList { u"cashier"_s, u"payments"_s, u"approvals"_s };
        QTest::newRow("admin") << u"admin"_s << QStringList { u"payments"_s, u"database"_s };
        QTest::newRow("auditor") << u"auditor"_s << QStringList { u"payments"_s, u"database"_s };
    }
    void eachRoleSeesItsScreens()
    {
        QFETCH(QString, username);
        QFETCH(QStringList, pages);
        std::optional<User> user;
        signIn(username, u"password-"_s + username, user);
        QVERIFY(user);
        MainWindow window(m_services->mainWindowServices(), *user, m_dialogs);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.pageNames(), pages);
        // The screens a role may not use are not built at all (the core would refuse their actions anyway).
        const QList<std::pair<QString, QString>> widgets { { u"cashier"_s, u"cashierScreen"_s },
            { u"payments"_s, u"paymentsBrowser"_s },
            { u"approvals"_s, u"approvalsView"_s },
            { u"database"_s, u"databasePage"_s } };
        for (const auto& [page, widget] : widgets)
            QCOMPARE(window.findChild<QWidget*>(widget) != nullptr, pages.contains(page));
        QVERIFY(window.findChild<QLabel*>(u"userLabel"_s)->text().contains(username));
    }

    void wrongPasswordDoesNotSignIn()
    {
        std::optional<User> user;
        signIn(u"cashier"_s, u"password-finance"_s, user);
        QVERIFY(!user);
    }

    void lockCoversTheWindowAndDisablesActions()
    {
        std::optional<User> user;
        signIn(u"manager"_s, u"password-manager"_s, user);
        QVERIFY(user);
        MainWindow window(m_services->mainWindowServices(), *user, m_dialogs);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.lock();
        auto* lock = window.findChild<LockScreen*>(u"lockScreen"_s);
        QVERIFY(lock && lock->isLocked() && lock->isVisible());
        for (QAction* a : window.findChildren<QAction*>())
            QVERIFY(!a->isEnabled());
        QTest::keyClicks(lock->findChild<QLineEdit*>(u"unlockEdit"_s), u"password-manager"_s);
        QTest::mouseClick(lock->findChild<QPushButton*>(u"unlockButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!lock->isLocked(), 10000);
        QVERIFY(window.findChildren<QAction*>().first()->isEnabled());
    }

    void showsWhyTheDatabaseIsNotConnected()
    {
        MainWindow window(Error { ErrorCode::DbUnavailable, u"connection refused"_s });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.findChild<QLabel*>(u"dbHintLabel"_s)->text().contains(u"connection refused"_s));
        QVERIFY(window.findChild<QLabel*>(u"connectionLabel"_s)->text().contains(u"not connected"_s));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
