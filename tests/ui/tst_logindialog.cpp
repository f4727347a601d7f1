// Sign-in: password and PIN through the real UserRepository on a test database, one error text for every failure,
// the password cleared after a failure, a lockout after five failures in a row, and disabled accounts refused.
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include "core/store/Database.h"
#include "core/store/UserRepository.h"
#include "core/util/Clock.h"
#include "tests/support/TestDatabase.h"
#include "ui/common/ErrorText.h"
#include "ui/login/LoginDialog.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

struct Widgets
{
    QLineEdit* username;
    QLineEdit* password;
    QLineEdit* pin;
    QPushButton* login;
    QPushButton* pinMode;
    QLabel* error;
};

Widgets widgetsOf(const ui::LoginDialog& dialog)
{
    return { dialog.findChild<QLineEdit*>(u"usernameEdit"_s),
        dialog.findChild<QLineEdit*>(u"passwordEdit"_s),
        dialog.findChild<QLineEdit*>(u"pinEdit"_s),
        dialog.findChild<QPushButton*>(u"loginButton"_s),
        dialog.findChild<QPushButton*>(u"pinModeButton"_s),
        dialog.findChild<QLabel*>(u"errorLabel"_s) };
}

const QString kFailed = ui::userMessage(ErrorCode::AuthenticationFailed);

} // namespace

class TestLoginDialog final : public QObject
{
    Q_OBJECT
private:
    static void attempt(const Widgets& w, const QString& user, const QString& secret, bool pin = false)
    {
        w.username->setText(user);
        (pin ? w.pin : w.password)->clear();
        QTest::keyClicks(pin ? w.pin : w.password, secret);
        QVERIFY(w.login->isEnabled());
        QTest::mouseClick(w.login, Qt::LeftButton);
        // While the check runs off the GUI thread, the inputs are disabled.
        QTRY_VERIFY(w.username->isEnabled());
    }

private Q_SLOTS:
    void signsInWithPassword()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        QVERIFY(users.add(u"wang"_s, u"Wang Fang"_s, domain::Role::Cashier, u"correct horse"_s, u"test"_s));

        ui::LoginDialog dialog(users);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const Widgets w = widgetsOf(dialog);
        QVERIFY(w.username && w.password && w.pin && w.login && w.pinMode && w.error);
        QVERIFY(!w.pin->isVisible());
        QCOMPARE(w.password->echoMode(), QLineEdit::Password);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        w.username->setText(u"wang"_s);
        QTest::keyClicks(w.password, u"correct horse"_s);
        QTest::mouseClick(w.login, Qt::LeftButton);
        QVERIFY(!w.password->isEnabled()); // busy: nothing to type into while the hash is computed
        QTRY_COMPARE(accepted.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.authenticatedUser());
        QCOMPARE(dialog.authenticatedUser()->username, u"wang"_s);
        QCOMPARE(dialog.authenticatedUser()->displayName, u"Wang Fang"_s);
        QVERIFY(w.password->text().isEmpty());
    }

    void wrongPasswordAndUnknownUserLookTheSame()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        QVERIFY(users.add(u"wang"_s, u"Wang Fang"_s, domain::Role::Cashier, u"correct horse"_s, u"test"_s));
        ui::LoginDialog dialog(users);
        dialog.show();
        const Widgets w = widgetsOf(dialog);
        QSignalSpy accepted(&dialog, &QDialog::accepted);

        attempt(w, u"wang"_s, u"wrong password"_s);
        QCOMPARE(w.error->text(), kFailed);
        QVERIFY(w.password->text().isEmpty());
        attempt(w, u"nobody"_s, u"correct horse"_s);
        QCOMPARE(w.error->text(), kFailed);
        QCOMPARE(accepted.count(), 0);
        QVERIFY(!dialog.authenticatedUser());

        QTest::mouseClick(w.login, Qt::LeftButton); // empty password: asked for, not sent
        QVERIFY(w.error->text() != kFailed && !w.error->text().isEmpty());
    }

    void signsInWithPin()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        QVERIFY(users.add(u"li"_s, u"Li Na"_s, domain::Role::Cashier, u"long password"_s, u"test"_s));
        QVERIFY(users.setPin(u"li"_s, u"4821"_s, u"test"_s));
        ui::LoginDialog dialog(users);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const Widgets w = widgetsOf(dialog);
        QSignalSpy accepted(&dialog, &QDialog::accepted);

        QTest::mouseClick(w.pinMode, Qt::LeftButton);
        QVERIFY(w.pinMode->isChecked());
        QVERIFY(w.pin->isVisible());
        QVERIFY(!w.password->isVisible());
        QCOMPARE(w.pin->echoMode(), QLineEdit::Password);
        QTest::keyClicks(w.pin, u"12ab345678901"_s); // digits only, at most eight
        QCOMPARE(w.pin->text(), u"12345678"_s);

        attempt(w, u"li"_s, u"1111"_s, true);
        QCOMPARE(w.error->text(), kFailed);
        QVERIFY(w.pin->text().isEmpty());
        attempt(w, u"li"_s, u"4821"_s, true);
        QTRY_COMPARE(accepted.count(), 1);
        QCOMPARE(dialog.authenticatedUser()->username, u"li"_s);
    }

    void locksAfterFiveFailures()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        QVERIFY(users.add(u"wang"_s, u"Wang Fang"_s, domain::Role::Cashier, u"correct horse"_s, u"test"_s));
        ui::LoginDialog dialog(users);
        dialog.setLockoutMsForTesting(400);
        dialog.show();
        const Widgets w = widgetsOf(dialog);

        for (int i = 0; i < ui::LoginDialog::kMaxFailures - 1; ++i) {
            attempt(w, u"wang"_s, u"guess %1"_s.arg(i));
            QVERIFY(!dialog.isLockedOut());
        }
        attempt(w, u"wang"_s, u"guess 5"_s);
        QVERIFY(dialog.isLockedOut());
        QVERIFY(!w.login->isEnabled());
        QVERIFY(w.error->text() != kFailed);
        QVERIFY(w.error->text().contains(u'1')); // "... in 1 s"
        // The right password is not even tried while locked.
        QTest::keyClicks(w.password, u"correct horse"_s);
        QTest::keyClick(w.password, Qt::Key_Return);
        QVERIFY(!dialog.authenticatedUser());

        QTRY_VERIFY(w.login->isEnabled());
        QVERIFY(!dialog.isLockedOut());
        QVERIFY(w.error->text().isEmpty());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        attempt(w, u"wang"_s, u"correct horse"_s);
        QTRY_COMPARE(accepted.count(), 1);
    }

    void disabledAccountIsRefused()
    {
        PD_TEST_DATABASE(t);
        UserRepository users(*t->db(), SystemClock::instance());
        users.setIterationsForTesting(1000);
        QVERIFY(users.add(u"zhao"_s, u"Zhao Lei"_s, domain::Role::Cashier, u"correct horse"_s, u"test"_s));
        QSqlQuery q(*t->db()->connection());
        QVERIFY(q.exec(u"UPDATE users SET active = 0 WHERE username = 'zhao'"_s));
        ui::LoginDialog dialog(users);
        dialog.show();
        const Widgets w = widgetsOf(dialog);
        attempt(w, u"zhao"_s, u"correct horse"_s);
        QCOMPARE(w.error->text(), kFailed); // the same words as a wrong password
        QVERIFY(!dialog.authenticatedUser());
        QVERIFY(dialog.isVisible());
    }
};

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
