// paydeskctl as ops run it: init, user add (password on stdin), audit verify, on the engine under test.
#include "core/store/Sql.h"
#include "tests/support/Programs.h"
#include "tests/support/TestDatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestPaydeskctl final : public QObject
{
    Q_OBJECT

    static QJsonObject json(const ProgramRun& r)
    {
        return QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
    }

private Q_SLOTS:
    void initUsersAndAudit()
    {
        QString why;
        auto t = TestDatabase::create(&why, /*migrate*/ false);
        if (!t) {
            if (TestDatabase::engineUnderTest() == u"pg"_s && !TestDatabase::postgresRequired())
                QSKIP(qPrintable(why));
            QFAIL(qPrintable(why));
        }
        const QStringList db{u"--db"_s, t->url(), u"--json"_s};

        auto r = runProgram(u"paydeskctl"_s, db + QStringList{u"user"_s, u"list"_s});
        QCOMPARE(r.exitCode, 1); // not initialised yet: refused with a clear error
        QCOMPARE(json(r).value(u"error"_s).toObject().value(u"code"_s).toString(), u"MigrationFailed"_s);

        r = runProgram(u"paydeskctl"_s, db + QStringList{u"init"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(json(r).value(u"schema_version"_s).toInt() >= 1);
        r = runProgram(u"paydeskctl"_s, db + QStringList{u"init"_s}); // idempotent
        QCOMPARE(r.exitCode, 0);

        r = runProgram(u"paydeskctl"_s, db + QStringList{u"user"_s, u"add"_s, u"li.lei"_s, u"--role"_s, u"finance"_s},
                       "a long password\n");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"role"_s).toString(), u"finance"_s);
        r = runProgram(u"paydeskctl"_s, db + QStringList{u"user"_s, u"add"_s, u"han"_s, u"--role"_s, u"boss"_s}, "pw\n");
        QCOMPARE(r.exitCode, 2);
        r = runProgram(u"paydeskctl"_s, db + QStringList{u"user"_s, u"add"_s, u"han"_s, u"--role"_s, u"cashier"_s}, "short\n");
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(json(r).value(u"error"_s).toObject().value(u"code"_s).toString(), u"InvalidArgument"_s);
        r = runProgram(u"paydeskctl"_s, db + QStringList{u"user"_s, u"add"_s, u"han"_s, u"--role"_s, u"cashier"_s},
                       "cashier pass\n");
        QCOMPARE(r.exitCode, 0);

        r = runProgram(u"paydeskctl"_s, db + QStringList{u"audit"_s, u"verify"_s});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"rows_checked"_s).toInt(), 2);

        // Tamper with the second entry (removing the guard first, as someone with database rights could).
        auto conn = *t->db()->connection();
        if (t->isPostgres())
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_update ON audit_log"_s));
        else
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_update"_s));
        QVERIFY(sql::execRaw(conn, u"UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE id = 2"_s));
        r = runProgram(u"paydeskctl"_s, db + QStringList{u"audit"_s, u"verify"_s});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(json(r).value(u"ok"_s).toBool(), false);
        QCOMPARE(json(r).value(u"first_bad_id"_s).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskctl)
#include "tst_paydeskctl.moc"
