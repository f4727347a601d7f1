// The audit chain detects an edited row, a deleted row, two swapped rows and a removed tip.
#include "core/store/AuditLog.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/TestDatabase.h"

#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestAudit final : public QObject
{
    Q_OBJECT

    static void appendRows(const Database& db, int n)
    {
        auto conn = *db.connection();
        for (int i = 1; i <= n; ++i) {
            SqlTransaction tx(conn, db.dialect());
            QVERIFY(tx.isActive());
            const auto id = AuditLog::append(conn, db.dialect(), u"alice"_s, u"refund.request"_s, u"payment"_s,
                                             QString::number(i),
                                             {{u"amount_minor"_s, 100 * i}, {u"reason"_s, u"退货"_s}}, 1000 + i);
            QVERIFY2(id, qPrintable(id ? QString() : id.error().detail));
            QCOMPARE(*id, qint64(i));
            QVERIFY(tx.commit());
        }
    }

    // Tampering needs the append-only triggers out of the way first, as an attacker with DBA rights would do.
    static void dropGuards(const Database& db)
    {
        auto conn = *db.connection();
        if (db.engine() == DbEngine::Postgres) {
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_update ON audit_log"_s));
        } else {
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_update"_s));
            QVERIFY(sql::execRaw(conn, u"DROP TRIGGER audit_log_no_delete"_s));
        }
    }

    static AuditVerdict verdict(const Database& db)
    {
        auto v = AuditLog::verify(*db.connection());
        if (!v)
            qFatal("verify failed: %s", qPrintable(v.error().detail));
        return *v;
    }

private Q_SLOTS:
    void intactChainVerifies()
    {
        PD_TEST_DATABASE(t);
        QVERIFY(verdict(*t->db()).ok); // empty chain
        appendRows(*t->db(), 5);
        const auto v = verdict(*t->db());
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.rowsChecked, qint64(5));
        const auto rows = AuditLog::forEntity(*t->db()->connection(), u"payment"_s, u"3"_s);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->first().detail.value(u"reason"_s).toString(), u"退货"_s);
    }

    void appendOnlyAtTheEngine()
    {
        PD_TEST_DATABASE(t);
        appendRows(*t->db(), 2);
        auto conn = *t->db()->connection();
        QVERIFY(!sql::execRaw(conn, u"UPDATE audit_log SET actor = 'mallory' WHERE id = 1"_s));
        QVERIFY(!sql::execRaw(conn, u"DELETE FROM audit_log WHERE id = 2"_s));
        QVERIFY(verdict(*t->db()).ok);
    }

    void detectsTampering_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<qint64>("firstBad");
        QTest::newRow("edited actor") << u"UPDATE audit_log SET actor = 'mallory' WHERE id = 3"_s << qint64(3);
        QTest::newRow("edited amount") << u"UPDATE audit_log SET detail = replace(detail, '300', '3') WHERE id = 3"_s << qint64(3);
        QTest::newRow("edited and rehashed") << u"UPDATE audit_log SET actor = 'mallory', hash = 'f00' WHERE id = 3"_s << qint64(3);
        QTest::newRow("deleted middle") << u"DELETE FROM audit_log WHERE id = 3"_s << qint64(3);
        QTest::newRow("deleted first") << u"DELETE FROM audit_log WHERE id = 1"_s << qint64(1);
        QTest::newRow("deleted tip") << u"DELETE FROM audit_log WHERE id = 5"_s << qint64(5);
        // Swap the contents of rows 2 and 4, ids kept: a reordering of history.
        QTest::newRow("swapped")
            << u"UPDATE audit_log SET id = CASE id WHEN 2 THEN 4 WHEN 4 THEN 2 END WHERE id IN (2, 4)"_s << qint64(2);
    }
    void detectsTampering()
    {
        QFETCH(QString, tamper);
        QFETCH(qint64, firstBad);
        PD_TEST_DATABASE(t);
        appendRows(*t->db(), 5);
        dropGuards(*t->db());
        auto conn = *t->db()->connection();
        if (tamper.contains(u"CASE id"_s)) {
            // Primary keys are checked per statement on SQLite: go through a free id.
            QVERIFY(sql::execRaw(conn, u"UPDATE audit_log SET id = 100 WHERE id = 2"_s));
            QVERIFY(sql::execRaw(conn, u"UPDATE audit_log SET id = 2 WHERE id = 4"_s));
            QVERIFY(sql::execRaw(conn, u"UPDATE audit_log SET id = 4 WHERE id = 100"_s));
        } else {
            QVERIFY(sql::execRaw(conn, tamper));
        }
        const auto v = verdict(*t->db());
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, firstBad);
        QVERIFY(!v.problem.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
