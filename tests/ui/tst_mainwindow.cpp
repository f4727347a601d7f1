// The console's main window opens offscreen and shows the database it runs on.
#include "core/store/Database.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"
#include "ui/shell/MainWindow.h"

#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestMainWindow final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensAndShowsTheDatabase()
    {
        PD_TEST_DATABASE(t);
        ui::MainWindow window(t->db(), {});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.objectName(), u"mainWindow"_s);
        auto* engine = window.findChild<QLabel*>(u"dbEngineLabel"_s);
        auto* schema = window.findChild<QLabel*>(u"dbSchemaLabel"_s);
        auto* users = window.findChild<QLabel*>(u"dbUsersLabel"_s);
        auto* hint = window.findChild<QLabel*>(u"dbHintLabel"_s);
        QVERIFY(engine && schema && users && hint);
        QCOMPARE(engine->text(), u"SQLite"_s);
        QVERIFY(schema->text().startsWith(QString::number(*t->db()->schemaVersion())));
        QCOMPARE(users->text(), u"0"_s);
        QVERIFY(hint->text().contains(u"paydeskctl user add"_s)); // an empty database says how to begin

        insertUser(*t->db(), u"admin"_s, u"admin"_s);
        QTest::mouseClick(window.findChild<QPushButton*>(u"dbRefreshButton"_s), Qt::LeftButton);
        QCOMPARE(users->text(), u"1"_s);
        QVERIFY(hint->text().isEmpty());
    }

    void showsWhyItIsNotConnected()
    {
        ui::MainWindow window(nullptr, Error{ErrorCode::DbUnavailable, u"connection refused"_s});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* hint = window.findChild<QLabel*>(u"dbHintLabel"_s);
        QVERIFY(hint->text().contains(u"connection refused"_s));
        QVERIFY(window.findChild<QLabel*>(u"connectionLabel"_s)->text().contains(u"not connected"_s));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
