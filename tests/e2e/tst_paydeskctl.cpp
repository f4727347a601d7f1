// paydeskctl as ops run it: init, user add (password on stdin), audit verify and anchor, on the engine under test.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "core/crypto/SecretBox.h"
#include "core/store/Sql.h"
#include "tests/support/AuditTamper.h"
#include "tests/support/Fixtures.h"
#include "tests/support/Programs.h"
#include "tests/support/TestDatabase.h"

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

    /// A database set up by paydeskctl: init (which creates the master key) and three users (three audit rows).
    static bool initWithUsers(const QStringList& db)
    {
        if (runProgram(u"paydeskctl"_s, db + QStringList { u"init"_s }).exitCode != 0)
            return false;
        for (const QString& name : { u"wang.fang"_s, u"li.lei"_s, u"han.meimei"_s }) {
            const auto r = runProgram(u"paydeskctl"_s,
                db + QStringList { u"user"_s, u"add"_s, name, u"--role"_s, u"finance"_s },
                "a long password\n");
            if (r.exitCode != 0) {
                qWarning("user add: %s", r.err.constData());
                return false;
            }
        }
        return true;
    }

    QTemporaryDir m_keys;

private Q_SLOTS:
    void initTestCase()
    {
        // paydeskctl (a child, with this environment) keeps its master key here, never in the user's data directory.
        QVERIFY(m_keys.isValid());
        qputenv("PAYDESK_MASTER_KEY_FILE", m_keys.filePath(u"master.key"_s).toUtf8());
    }

    void initUsersAndAudit()
    {
        QString why;
        auto t = TestDatabase::create(&why, /*migrate*/ false);
        if (!t) {
            if (TestDatabase::engineUnderTest() == u"pg"_s && !TestDatabase::postgresRequired())
                QSKIP(qPrintable(why));
            QFAIL(qPrintable(why));
        }
        const QStringList db { u"--db"_s, t->url(), u"--json"_s };

        auto r = runProgram(u"paydeskctl"_s, db + QStringList { u"user"_s, u"list"_s });
        QCOMPARE(r.exitCode, 1); // not initialised yet: refused with a clear error
        QCOMPARE(json(r).value(u"error"_s).toObject().value(u"code"_s).toString(), u"MigrationFailed"_s);

        r = runProgram(u"paydeskctl"_s, db + QStringList { u"init"_s });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(json(r).value(u"schema_version"_s).toInt() >= 1);
        QCOMPARE(json(r).value(u"master_key_created"_s).toBool(), true); // it keys the audit chain
        QVERIFY(QFile::exists(m_keys.filePath(u"master.key"_s)));
        r = runProgram(u"paydeskctl"_s, db + QStringList { u"init"_s }); // idempotent
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"master_key_created"_s).toBool(), false);

        r = runProgram(u"paydeskctl"_s,
            db + QStringList { u"user"_s, u"add"_s, u"li.lei"_s, u"--role"_s, u"finance"_s },
            "a long password\n");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"role"_s).toString(), u"finance"_s);
        r = runProgram(
            u"paydeskctl"_s, db + QStringList { u"user"_s, u"add"_s, u"han"_s, u"--role"_s, u"boss"_s }, "pw\n");
        QCOMPARE(r.exitCode, 2);
        r = runProgram(
            u"paydeskctl"_s, db + QStringList { u"user"_s, u"add"_s, u"han"_s, u"--role"_s, u"cashier"_s }, "short\n");
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(json(r).value(u"error"_s).toObject().value(u"code"_s).toString(), u"InvalidArgument"_s);
        r = runProgram(u"paydeskctl"_s,
            db + QStringList { u"user"_s, u"add"_s, u"han"_s, u"--role"_s, u"cashier"_s },
            "cashier pass\n");
        QCOMPARE(r.exitCode, 0);

        r = runProgram(u"paydeskctl"_s, db + QStringList { u"audit"_s, u"verify"_s });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"rows_checked"_s).toInt(), 2);

        // Tamper with the second entry (removing the guard first, as someone with database rights could).
        auto conn = *t->db()->connection();
        if (t->isPostgres())
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_update ON audit_log"_s));
        else
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_update"_s));
        QVERIFY(sql::execRaw(conn, u"UPDATE audit_log SET detail = '{\"role\":\"admin\"}' WHERE id = 2"_s));
        r = runProgram(u"paydeskctl"_s, db + QStringList { u"audit"_s, u"verify"_s });
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(json(r).value(u"ok"_s).toBool(), false);
        QCOMPARE(json(r).value(u"first_bad_id"_s).toInt(), 2);
    }

    // The sequence: as table owner, empty audit_log, insert it again without one entry, chained with
    // freshly computed SHA-256 hashes, move audit_head. `audit verify` must fail.
    void auditCutIsDetected()
    {
        PD_TEST_DATABASE(t);
        const QStringList db { u"--db"_s, t->url(), u"--json"_s };
        QVERIFY(initWithUsers(db));
        auto r = runProgram(u"paydeskctl"_s, db + QStringList { u"audit"_s, u"verify"_s });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"rows_checked"_s).toInt(), 3);

        auto rows = auditRows(*t->db());
        QVERIFY(rows);
        rows->removeAt(1);
        QVERIFY(cutAuditLog(*t->db(), *rows, plainAuditHash));
        r = runProgram(u"paydeskctl"_s, db + QStringList { u"audit"_s, u"verify"_s });
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(json(r).value(u"ok"_s).toBool(), false);
        QCOMPARE(json(r).value(u"first_bad_id"_s).toInt(), 1);
    }

    void anchorThenVerify()
    {
        PD_TEST_DATABASE(t);
        const QStringList db { u"--db"_s, t->url(), u"--json"_s };
        const auto ctl = [&](const QStringList& args) {
            return runProgram(u"paydeskctl"_s, db + args);
        };
        QVERIFY(initWithUsers(db));
        auto r = ctl({ u"audit"_s, u"anchor"_s });
        QCOMPARE(r.exitCode, 0);
        const QString anchor = json(r).value(u"anchor"_s).toString();
        QCOMPARE(json(r).value(u"last_id"_s).toInt(), 3);
        QVERIFY2(anchor.startsWith(u"3:"_s) && anchor.size() == 2 + 16, qPrintable(anchor));
        r = runProgram(u"paydeskctl"_s, { u"--db"_s, t->url(), u"audit"_s, u"anchor"_s });
        QCOMPARE(QString::fromUtf8(r.out.trimmed()), anchor); // the text form is the anchor alone

        r = ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, anchor });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"head"_s).toString(), anchor);
        r = runProgram(u"paydeskctl"_s,
            db + QStringList { u"user"_s, u"add"_s, u"zhang.wei"_s, u"--role"_s, u"cashier"_s },
            "a long password\n");
        QCOMPARE(r.exitCode, 0);
        r = ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, anchor }); // the head moved on: still fine
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"rows_checked"_s).toInt(), 4);
        QCOMPARE(ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, u"3:0000000000000000"_s }).exitCode, 3);
        QCOMPARE(ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, u"99:"_s + anchor.mid(2) }).exitCode, 3);
        QCOMPARE(ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, u"yesterday"_s }).exitCode, 2);
        QCOMPARE(ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s }).exitCode, 2);

        // Someone holding even the master key rewrites history without row 2: the chain verifies, the anchor not.
        auto box = crypto::SecretBox::fromKeyFile(m_keys.filePath(u"master.key"_s));
        QVERIFY(box);
        auto rows = auditRows(*t->db());
        QVERIFY(rows);
        rows->removeAt(1);
        QVERIFY(cutAuditLog(*t->db(), *rows, keyedAuditHasher(AuditLog::deriveKey(*box)->bytes())));
        QCOMPARE(ctl({ u"audit"_s, u"verify"_s }).exitCode, 0);
        r = ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, anchor });
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(json(r).value(u"first_bad_id"_s).toInt(), 3);
        QVERIFY(json(r).value(u"problem"_s).toString().contains(u"history rewritten"_s));
        // Without the key, the same rewrite fails outright.
        QVERIFY(cutAuditLog(*t->db(), *rows, plainAuditHash));
        r = ctl({ u"audit"_s, u"verify"_s, u"--anchor"_s, anchor });
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(json(r).value(u"first_bad_id"_s).toInt(), 1);
    }

    void withoutTheMasterKeyNothingIsAudited()
    {
        PD_TEST_DATABASE(t);
        const QStringList db { u"--db"_s, t->url(), u"--json"_s };
        QVERIFY(initWithUsers(db));
        QProcessEnvironment noKey = QProcessEnvironment::systemEnvironment();
        noKey.insert(u"PAYDESK_MASTER_KEY_FILE"_s, m_keys.filePath(u"missing.key"_s));
        auto r = runProgram(u"paydeskctl"_s, db + QStringList { u"audit"_s, u"verify"_s }, {}, noKey);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(json(r).value(u"error"_s).toObject().value(u"code"_s).toString(), u"KeyInvalid"_s);
        r = runProgram(u"paydeskctl"_s,
            db + QStringList { u"user"_s, u"add"_s, u"zhao"_s, u"--role"_s, u"cashier"_s },
            "a long password\n",
            noKey);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(json(r).value(u"error"_s).toObject().value(u"code"_s).toString(), u"KeyInvalid"_s);
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(3));
        QCOMPARE(countRows(*t->db(), u"users"_s, u"username = 'zhao'"_s), qint64(0));
        QCOMPARE(runProgram(u"paydeskctl"_s, db + QStringList { u"user"_s, u"list"_s }, {}, noKey).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskctl)
#include "tst_paydeskctl.moc"
