// The lock screen covers the window, opens for the user who locked it (password or PIN), refuses another cashier
// and lets a manager take over.
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "core/store/Database.h"
#include "core/store/UserRepository.h"
#include "core/util/Clock.h"
#include "tests/support/TestDatabase.h"
#include "ui/common/ErrorText.h"
#include "ui/login/LockScreen.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestLockScreen final : public QObject
{
    Q_OBJECT
private:
    struct Fixture
    {
        std::unique_ptr<TestDatabase> db;
        std::unique_ptr<UserRepository> users;
        User wang;
    };

    static void unlockWith(ui::LockScreen& lock, const QString& secret, const QString& asUser = {})
    {
        auto* edit = lock.findChild<QLineEdit*>(u"unlockEdit"_s);
        auto* button = lock.findChild<QPushButton*>(u"unlockButton"_s);
        auto* switchUser = lock.findChild<QPushButton*>(u"switchUserButton"_s);
        QVERIFY(edit && button && switchUser);
        if (!asUser.isEmpty()) {
            if (!switchUser->isChecked())
                QTest::mouseClick(switchUser, Qt::LeftButton);
            auto* userEdit = lock.findChild<QLineEdit*>(u"unlockUserEdit"_s);
            QVERIFY(userEdit && userEdit->isVisible());
            userEdit->setText(asUser);
        }
        QTest::keyClicks(edit, secret);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!edit->isEnabled()); // checked off the GUI thread
        QTRY_VERIFY(edit->isEnabled());
    }

private Q_SLOTS:
    void coversTheWindowAndUnlocksForItsUser()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        const auto wang = users.add(u"wang"_s, u"Wang Fang"_s, domain::Role::Cashier, u"correct horse"_s, u"t"_s);
        QVERIFY(wang);

        QWidget window;
        window.resize(800, 600);
        auto* underneath = new QPushButton(u"Refund"_s, &window);
        ui::LockScreen lock(users, &window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!lock.isVisible());

        lock.lock(*wang);
        QVERIFY(lock.isLocked());
        QVERIFY(lock.isVisible());
        QCOMPARE(lock.geometry(), window.rect());
        QCOMPARE(window.childAt(underneath->geometry().center()) == underneath, false);
        QVERIFY(lock.findChild<QLabel*>(u"lockedUserLabel"_s)->text().contains(u"Wang Fang"_s));
        window.resize(1000, 700);
        QTRY_COMPARE(lock.geometry(), window.rect());

        QSignalSpy unlocked(&lock, &ui::LockScreen::unlocked);
        unlockWith(lock, u"wrong password"_s);
        QCOMPARE(unlocked.count(), 0);
        QCOMPARE(
            lock.findChild<QLabel*>(u"unlockErrorLabel"_s)->text(), ui::userMessage(ErrorCode::AuthenticationFailed));
        QVERIFY(lock.findChild<QLineEdit*>(u"unlockEdit"_s)->text().isEmpty());
        QVERIFY(lock.isVisible());

        unlockWith(lock, u"correct horse"_s);
        QCOMPARE(unlocked.count(), 1);
        QCOMPARE(unlocked.at(0).at(0).value<User>().username, u"wang"_s);
        QVERIFY(!lock.isVisible());
        QVERIFY(!lock.isLocked());
    }

    void unlocksWithPin()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        QVERIFY(users.add(u"li"_s, u"Li Na"_s, domain::Role::Cashier, u"long password"_s, u"t"_s));
        QVERIFY(users.setPin(u"li"_s, u"4821"_s, u"t"_s));
        QWidget window;
        ui::LockScreen lock(users, &window);
        window.show();
        lock.lock(*users.find(u"li"_s));
        QSignalSpy unlocked(&lock, &ui::LockScreen::unlocked);
        unlockWith(lock, u"4821"_s);
        QCOMPARE(unlocked.count(), 1);
    }

    void refusesAnotherCashierAndAcceptsAManager()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        const auto wang = users.add(u"wang"_s, u"Wang Fang"_s, domain::Role::Cashier, u"correct horse"_s, u"t"_s);
        QVERIFY(wang);
        QVERIFY(users.add(u"zhao"_s, u"Zhao Lei"_s, domain::Role::Cashier, u"zhao password"_s, u"t"_s));
        QVERIFY(users.add(u"boss"_s, u"Chen Jing"_s, domain::Role::Manager, u"boss password"_s, u"t"_s));
        QWidget window;
        window.resize(800, 600);
        ui::LockScreen lock(users, &window);
        window.show();
        lock.lock(*wang);
        QSignalSpy unlocked(&lock, &ui::LockScreen::unlocked);

        unlockWith(lock, u"zhao password"_s, u"zhao"_s); // right credentials, but not this session's owner
        QCOMPARE(unlocked.count(), 0);
        QVERIFY(lock.isLocked());
        const QString refusal = lock.findChild<QLabel*>(u"unlockErrorLabel"_s)->text();
        QVERIFY(refusal.contains(u"Wang Fang"_s));

        unlockWith(lock, u"boss password"_s, u"boss"_s);
        QCOMPARE(unlocked.count(), 1);
        QCOMPARE(unlocked.at(0).at(0).value<User>().username, u"boss"_s);
        QVERIFY(!lock.isVisible());
    }
};

QTEST_MAIN(TestLockScreen)
#include "tst_lockscreen.moc"
