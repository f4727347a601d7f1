// The first-run wizard offscreen: each mode's pages, the admin password rules, the shared database's connection
// test (off the GUI thread), and applying the result: the admin, in training the practice accounts, the settings.
#include <QAbstractButton>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "core/crypto/Random.h"
#include "core/crypto/SecretBox.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/TestDatabase.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/setup/FirstRunApply.h"
#include "ui/setup/FirstRunWizard.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;

using Mode = ConsoleSettings::Mode;

namespace {

template <typename T>
T* child(QWidget& w, const QString& name)
{
    auto* found = w.findChild<T*>(name);
    if (!found)
        qWarning("no %s", qPrintable(name));
    return found;
}

void chooseMode(FirstRunWizard& wizard, Mode mode)
{
    const QString name = mode == Mode::Training ? u"trainingRadio"_s
        : mode == Mode::Shared                  ? u"sharedRadio"_s
                                                : u"standaloneRadio"_s;
    child<QRadioButton>(wizard, name)->click(); // a mouse click in the middle of a wide radio misses its text
}

void fillAdmin(FirstRunWizard& wizard, const QString& user, const QString& password, const QString& confirm)
{
    child<QLineEdit>(wizard, u"adminUsernameEdit"_s)->setText(user);
    child<QLineEdit>(wizard, u"adminDisplayNameEdit"_s)->setText(u"王老板"_s);
    child<QLineEdit>(wizard, u"adminPasswordEdit"_s)->setText(password);
    child<QLineEdit>(wizard, u"adminConfirmEdit"_s)->setText(confirm);
}

void clickNext(FirstRunWizard& wizard)
{
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
}

} // namespace

class TestFirstRunWizard final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pageSequence_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QList<int>>("pages");
        QTest::newRow("standalone") << int(Mode::Standalone)
                                    << QList<int> { FirstRunWizard::ModePageId, FirstRunWizard::AdminPageId };
        QTest::newRow("training") << int(Mode::Training)
                                  << QList<int> { FirstRunWizard::ModePageId,
                                         FirstRunWizard::AdminPageId,
                                         FirstRunWizard::TrainingPageId };
        QTest::newRow("shared") << int(Mode::Shared)
                                << QList<int> { FirstRunWizard::ModePageId,
                                       FirstRunWizard::DatabasePageId,
                                       FirstRunWizard::AdminPageId };
    }
    void pageSequence()
    {
        QFETCH(int, mode);
        QFETCH(QList<int>, pages);
        PD_TEST_DATABASE(t);
        FirstRunWizard wizard;
        QCOMPARE(wizard.objectName(), u"firstRunWizard"_s);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::ModePageId));
        chooseMode(wizard, Mode(mode));
        QList<int> seen { wizard.currentId() };
        for (;;) {
            if (wizard.currentId() == FirstRunWizard::DatabasePageId) {
                QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // not before a connection worked
                child<QLineEdit>(wizard, u"databaseUrlEdit"_s)->setText(t->url());
                QTest::mouseClick(child<QAbstractButton>(wizard, u"testConnectionButton"_s), Qt::LeftButton);
                QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
            }
            if (wizard.currentId() == FirstRunWizard::AdminPageId)
                fillAdmin(wizard, u"boss"_s, u"long enough"_s, u"long enough"_s);
            if (wizard.nextId() == -1)
                break;
            clickNext(wizard);
            seen << wizard.currentId();
        }
        QCOMPARE(seen, pages);
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.QDialog::result(), int(QDialog::Accepted));
        const FirstRunResult result = wizard.firstRunResult();
        QCOMPARE(int(result.mode), mode);
        QCOMPARE(result.adminUsername, u"boss"_s);
        QCOMPARE(result.adminDisplayName, u"王老板"_s);
        QCOMPARE(result.adminPassword.bytes(), "long enough"_ba);
        QCOMPARE(result.databaseUrl.isEmpty(), Mode(mode) != Mode::Shared);
    }

    void passwordRules_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("confirm");
        QTest::addColumn<bool>("training");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("short") << u"boss"_s << u"1234567"_s << u"1234567"_s << false << false;
        QTest::newRow("mismatch") << u"boss"_s << u"12345678"_s << u"12345679"_s << false << false;
        QTest::newRow("no username") << u""_s << u"12345678"_s << u"12345678"_s << false << false;
        QTest::newRow("practice name") << u"cashier"_s << u"12345678"_s << u"12345678"_s << true << false;
        QTest::newRow("eight") << u"老板"_s << u"12345678"_s << u"12345678"_s << false << true;
    }
    void passwordRules()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, confirm);
        QFETCH(bool, training);
        QFETCH(bool, accepted);
        FirstRunWizard wizard;
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        chooseMode(wizard, training ? Mode::Training : Mode::Standalone);
        clickNext(wizard);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::AdminPageId));
        fillAdmin(wizard, user, password, confirm);
        auto* error = child<QLabel>(wizard, u"adminErrorLabel"_s);
        QVERIFY(error);
        if (training) {
            clickNext(wizard);
        } else {
            QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
            QCOMPARE(wizard.QDialog::result() == QDialog::Accepted, accepted);
        }
        QCOMPARE(error->isVisible(), !accepted);
        QCOMPARE(error->text().isEmpty(), accepted);
        if (!accepted)
            QCOMPARE(wizard.currentId(), int(FirstRunWizard::AdminPageId));
    }

    void sharedConnectionFailureKeepsNextDisabled()
    {
        QTemporaryDir dir;
        FirstRunWizard wizard;
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        chooseMode(wizard, Mode::Shared);
        clickNext(wizard);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::DatabasePageId));
        auto* url = child<QLineEdit>(wizard, u"databaseUrlEdit"_s);
        auto* result = child<QLabel>(wizard, u"connectionResultLabel"_s);
        auto* test = child<QAbstractButton>(wizard, u"testConnectionButton"_s);
        url->setText(u"not a url"_s);
        QTest::mouseClick(test, Qt::LeftButton);
        QVERIFY(!result->text().isEmpty());
        // A file in a directory that does not exist cannot be opened.
        url->setText(u"sqlite://"_s + dir.filePath(u"missing/dir/paydesk.db"_s));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY(test->isEnabled());
        QVERIFY(!result->text().isEmpty());
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        // A working URL, then an edit: the edited URL has not been tested, so Next is off again.
        url->setText(u"sqlite://"_s + dir.filePath(u"shared.db"_s));
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        url->setText(url->text() + u"x"_s);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    }

    void applyCreatesAccounts_data()
    {
        QTest::addColumn<bool>("training");
        QTest::newRow("standalone") << false;
        QTest::newRow("training") << true;
    }
    void applyCreatesAccounts()
    {
        QFETCH(bool, training);
        PD_TEST_DATABASE(t);
        FakeClock clock;
        UserRepository users(*t->db(), clock);
        users.setIterationsForTesting(1000);
        FirstRunResult r;
        r.mode = training ? Mode::Training : Mode::Standalone;
        r.adminUsername = u"boss"_s;
        r.adminDisplayName = u"王老板"_s;
        r.adminPassword = crypto::SecureBytes("secret pass"_ba);
        const auto applied = applyFirstRun(r, *t->db(), users);
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().detail));
        const auto admin = users.authenticate(u"boss"_s, u"secret pass"_s);
        QVERIFY(admin);
        QCOMPARE(admin->role, domain::Role::Admin);
        QCOMPARE(admin->displayName, u"王老板"_s);
        QCOMPARE(*users.count(), training ? 3 : 1);
        if (training) {
            QCOMPARE(users.authenticate(u"cashier"_s, u"secret pass"_s)->role, domain::Role::Cashier);
            QCOMPARE(users.authenticate(u"manager"_s, u"secret pass"_s)->role, domain::Role::Manager);
        }
        // A first run never adds a second admin to a database that has staff.
        const auto again = applyFirstRun(r, *t->db(), users);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);
    }

    void settingsSealTheDatabasePassword()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paydesk.ini"_s);
        const crypto::SecretBox box { crypto::SecureBytes(crypto::randomBytes(32)) };
        FirstRunResult r;
        r.mode = Mode::Shared;
        r.databaseUrl = u"postgresql://paydesk:Pa55-word!@db.local:5432/paydesk"_s;
        {
            ConsoleSettings settings(ini);
            QVERIFY(!settings.firstRunDone());
            QVERIFY(saveFirstRunSettings(r, settings, box));
        }
        QFile file(ini);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray raw = file.readAll();
        QVERIFY(!raw.contains("Pa55-word!"));
        QVERIFY(raw.contains("db.local"));
        ConsoleSettings settings(ini);
        QVERIFY(settings.firstRunDone());
        QCOMPARE(settings.mode(), Mode::Shared);
        QCOMPARE(*settings.databaseUrl(box), r.databaseUrl);
        QVERIFY(!settings.databaseUrlWithoutPassword().contains(u"Pa55"_s));
        // Another master key cannot open it.
        const crypto::SecretBox other { crypto::SecureBytes(crypto::randomBytes(32)) };
        QCOMPARE(settings.databaseUrl(other).error().code, ErrorCode::CryptoFailure);
    }
};

QTEST_MAIN(TestFirstRunWizard)
#include "tst_firstrunwizard.moc"
