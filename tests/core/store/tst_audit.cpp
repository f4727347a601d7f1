// The audit chain detects an edited row, a deleted row, two swapped rows, a removed tip and a log cut and written
// again; the head only moves forward; anchors catch rewritten history; rows from before keyed chaining still verify.
#include <QRegularExpression>
#include <QTest>

#include "core/crypto/SecretBox.h"
#include "core/store/AuditLog.h"
#include "core/store/Migrations.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/AuditTamper.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

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
            const auto id = AuditLog::append(conn,
                db.dialect(),
                u"alice"_s,
                u"refund.request"_s,
                u"payment"_s,
                QString::number(i),
                { { u"amount_minor"_s, 100 * i }, { u"reason"_s, u"退货"_s } },
                1000 + i);
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

    static AuditVerdict verdict(const Database& db, const QList<AuditAnchor>& anchors = {})
    {
        auto v = AuditLog::verify(*db.connection(), anchors);
        if (!v)
            qFatal("verify failed: %s", qPrintable(v.error().detail));
        return *v;
    }

    /// True when a guard trigger (not, say, a typo) refused `statement`.
    static bool refused(const Database& db, const QString& statement)
    {
        const auto s = sql::execRaw(*db.connection(), statement);
        if (s)
            return false;
        static const QRegularExpression guard(u"append-only|only moves forward|cannot be|refused"_s);
        if (!s.error().detail.contains(guard)) {
            qWarning("%s: %s", qPrintable(statement), qPrintable(s.error().detail));
            return false;
        }
        return true;
    }

    /// The key TestDatabase hands its Database (what an insider holding the master key could compute with).
    static QByteArray testAuditKey()
    {
        return AuditLog::deriveKey(crypto::SecretBox(crypto::SecureBytes(QByteArray(32, 'T'))))->bytes();
    }

    /// A database as the code before migration 0004 left it: migrations 1 to 3, `n` rows chained with plain
    /// SHA-256 exactly as that code wrote them, and the head at the last.
    static void legacyDatabase(const Database& db, int n)
    {
        auto conn = *db.connection();
        auto steps = Migrations::load(db);
        QVERIFY(steps);
        QVERIFY(sql::execRaw(conn,
            u"CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            u"applied_at BIGINT NOT NULL)"_s));
        for (const Migrations::Step& step : std::as_const(*steps)) {
            if (step.version > 3)
                break;
            for (const QString& statement : Migrations::splitStatements(step.sql))
                QVERIFY2(sql::execRaw(conn, statement), qPrintable(statement));
            QVERIFY(sql::exec(conn,
                u"INSERT INTO schema_version VALUES (:v, :n, 0)"_s,
                { { u":v"_s, step.version }, { u":n"_s, step.name } }));
        }
        QString prev;
        for (int i = 1; i <= n; ++i) {
            AuditEntry e;
            e.id = i;
            e.createdAtMs = 500 + i;
            e.actor = u"old"_s;
            e.action = u"payment.create"_s;
            e.entityType = u"payment"_s;
            e.entityId = QString::number(i);
            e.detail = { { u"amount_minor"_s, 10 * i } };
            e.prevHash = prev;
            e.hash = plainAuditHash(prev, e);
            const auto st = AuditLog::buildInsert({ e }, u"x"_s);
            QVERIFY(sql::execList(conn, st.text, st.bindings));
            prev = e.hash;
        }
        QVERIFY(sql::exec(conn,
            u"UPDATE audit_head SET last_id = :i, last_hash = :h WHERE id = 1"_s,
            { { u":i"_s, n }, { u":h"_s, prev } }));
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
        QCOMPARE(v.keyedFrom, qint64(1));
        QCOMPARE(v.legacyRows, qint64(0));
        QCOMPARE(v.head.id, qint64(5));
        QCOMPARE(v.head.digest.size(), 16);
        // Keyed: the stored hash is the HMAC under the audit key, not a SHA-256 anyone can recompute.
        const auto all = auditRows(*t->db());
        QCOMPARE(all->at(0).hash, keyedAuditHasher(testAuditKey())(QString(), all->at(0)));
        QVERIFY(all->at(0).hash != plainAuditHash(QString(), all->at(0)));
    }

    void noKeyNoEntry()
    {
        PD_TEST_DATABASE(t);
        appendRows(*t->db(), 2);
        // The same database opened without handing over a key, as a program that skipped it would.
        auto bare = Database::open(t->url());
        QVERIFY(bare);
        auto conn = *(*bare)->connection();
        {
            SqlTransaction tx(conn, (*bare)->dialect());
            const auto id =
                AuditLog::append(conn, (*bare)->dialect(), u"bob"_s, u"refund.request"_s, u"payment"_s, u"9"_s, {}, 9);
            QVERIFY(!id);
            QCOMPARE(id.error().code, ErrorCode::KeyInvalid);
        }
        QList<AuditEntry> entries { AuditEntry {} };
        QCOMPARE(AuditLog::chain(conn, &entries, 2, u"x"_s).error().code, ErrorCode::KeyInvalid);
        QCOMPARE(AuditLog::verify(conn).error().code, ErrorCode::KeyInvalid);
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(2));
        QVERIFY(verdict(*t->db()).ok);
    }

    void appendOnlyAtTheEngine()
    {
        PD_TEST_DATABASE(t);
        appendRows(*t->db(), 2);
        QVERIFY(refused(*t->db(), u"UPDATE audit_log SET actor = 'mallory' WHERE id = 1"_s));
        QVERIFY(refused(*t->db(), u"DELETE FROM audit_log WHERE id = 2"_s));
        QVERIFY(refused(*t->db(), u"DELETE FROM audit_log"_s));
        // An insert over an existing row: SQLite's REPLACE deletes without firing delete triggers.
        const QString over = t->isPostgres()
            ? u"INSERT INTO audit_log SELECT * FROM audit_log WHERE id = 1 ON CONFLICT (id) DO UPDATE SET actor = 'x'"_s
            : u"INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE id = 1"_s;
        QVERIFY(refused(*t->db(), over));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(2));
        QVERIFY(verdict(*t->db()).ok);
    }

    void headOnlyMovesForward()
    {
        PD_TEST_DATABASE(t);
        appendRows(*t->db(), 3);
        const Database& db = *t->db();
        QVERIFY(refused(db, u"UPDATE audit_head SET last_id = 2 WHERE id = 1"_s));
        QVERIFY(refused(db, u"UPDATE audit_head SET last_id = 0, last_hash = '' WHERE id = 1"_s));
        QVERIFY(refused(db, u"UPDATE audit_head SET last_hash = 'f00' WHERE id = 1"_s)); // sideways
        QVERIFY(refused(db, u"UPDATE audit_head SET keyed_from = 100 WHERE id = 1"_s));
        QVERIFY(refused(db, u"DELETE FROM audit_head"_s));
        QVERIFY(refused(db,
            t->isPostgres() ? u"INSERT INTO audit_head VALUES (1, 0, '', 1) ON CONFLICT (id) DO "
                              u"UPDATE SET last_id = 0"_s
                            : u"INSERT OR REPLACE INTO audit_head VALUES (1, 0, '', 1)"_s));
        if (t->isPostgres()) {
            QVERIFY(refused(db, u"TRUNCATE audit_log"_s));
            QVERIFY(refused(db, u"TRUNCATE audit_head"_s));
            QVERIFY(refused(db, u"TRUNCATE audit_log, audit_head"_s));
        }
        QCOMPARE(countRows(db, u"audit_log"_s), qint64(3));
        const auto v = verdict(db);
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.head.id, qint64(3));
        // Forward still works.
        auto conn = *db.connection();
        SqlTransaction tx(conn, db.dialect());
        QCOMPARE(*AuditLog::append(conn, db.dialect(), u"a"_s, u"b"_s, u"c"_s, u"d"_s, {}, 1), qint64(4));
        QVERIFY(tx.commit());
        QVERIFY(verdict(db).ok);
    }

    void detectsTampering_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<qint64>("firstBad");
        QTest::newRow("edited actor") << u"UPDATE audit_log SET actor = 'mallory' WHERE id = 3"_s << qint64(3);
        QTest::newRow("edited amount") << u"UPDATE audit_log SET detail = replace(detail, '300', '3') WHERE id = 3"_s
                                       << qint64(3);
        QTest::newRow("edited and rehashed")
            << u"UPDATE audit_log SET actor = 'mallory', hash = 'f00' WHERE id = 3"_s << qint64(3);
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

    // Someone with table-owner rights empties the log and writes it again without row 3 (a refund nobody should
    // see), chained from scratch by hashes they can compute, and moves the head: verify must not pass.
    void auditCutIsDetected_data()
    {
        QTest::addColumn<bool>("plain");
        QTest::newRow("plain SHA-256 recomputed") << true;
        QTest::newRow("keyed with a wrong key") << false;
    }
    void auditCutIsDetected()
    {
        QFETCH(bool, plain);
        PD_TEST_DATABASE(t);
        appendRows(*t->db(), 5);
        QVERIFY(verdict(*t->db()).ok);
        auto rows = auditRows(*t->db());
        QVERIFY(rows);
        rows->removeAt(2);
        const AuditHasher hash = plain ? AuditHasher(plainAuditHash) : keyedAuditHasher(QByteArray(32, 'w'));
        const auto cut = cutAuditLog(*t->db(), *rows, hash);
        QVERIFY2(cut, qPrintable(cut ? QString() : cut.error().detail));
        QCOMPARE(auditRows(*t->db())->size(), 4);
        const auto v = verdict(*t->db());
        QVERIFY2(!v.ok, "a rewritten audit log verified");
        QCOMPARE(v.firstBadId, qint64(1));
    }

    void anchors()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        appendRows(db, 5);
        const AuditAnchor a5 = verdict(db).head;
        QCOMPARE(a5.id, qint64(5));
        const AuditAnchor a2 = AuditLog::anchorOf(crypto::SecureBytes(testAuditKey()), 2, auditRows(db)->at(1).hash);
        QVERIFY(verdict(db, { a5 }).ok);
        QVERIFY(verdict(db, { a2, a5 }).ok);
        {
            auto conn = *db.connection();
            SqlTransaction tx(conn, db.dialect());
            QVERIFY(AuditLog::append(conn, db.dialect(), u"a"_s, u"later"_s, u"x"_s, u"1"_s, {}, 1));
            QVERIFY(tx.commit());
        }
        QVERIFY(verdict(db, { a5 }).ok); // the head has moved on past the anchor
        QVERIFY(verdict(db).head.text() != a5.text());

        const auto checkAgainst = [&](const AuditAnchor& a, qint64 firstBad) {
            const auto v = verdict(db, { a });
            QVERIFY2(!v.ok, qPrintable(a.text()));
            QCOMPARE(v.firstBadId, firstBad);
        };
        AuditAnchor forged = a5;
        forged.digest =
            AuditLog::anchorOf(crypto::SecureBytes(QByteArray(32, 'w')), 5, auditRows(db)->at(4).hash).digest;
        checkAgainst(forged, 5); // made without the key
        checkAgainst(AuditAnchor { 9, a5.digest }, 7); // past the head
        QVERIFY(!AuditAnchor::parse(u"5"_s));
        QVERIFY(!AuditAnchor::parse(u"0:0123456789abcdef"_s));
        QVERIFY(!AuditAnchor::parse(u"5:0123456789abcde"_s));
        QVERIFY(!AuditAnchor::parse(u"5:0123456789abcdeg"_s));
        QCOMPARE(AuditAnchor::parse(u" 5:0123456789ABCDEF\n"_s)->text(), u"5:0123456789abcdef"_s);
    }

    // Someone who even holds the master key (or who passes every row off as older than keyed chaining) can write
    // a chain that verifies; an anchor taken before still catches what was cut or changed.
    void anchorsCatchWhatTheChainCannot_data()
    {
        QTest::addColumn<bool>("withKey");
        QTest::newRow("rewritten with the audit key") << true;
        QTest::newRow("passed off as rows from before keyed chaining") << false;
    }
    void anchorsCatchWhatTheChainCannot()
    {
        QFETCH(bool, withKey);
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        appendRows(db, 5);
        const AuditAnchor a5 = verdict(db).head;
        auto rows = auditRows(db);
        const crypto::SecureBytes key(testAuditKey());
        const AuditAnchor a2 = AuditLog::anchorOf(key, 2, rows->at(1).hash);
        const AuditAnchor a4 = AuditLog::anchorOf(key, 4, rows->at(3).hash);
        rows->removeAt(2);
        if (withKey)
            QVERIFY(cutAuditLog(db, *rows, keyedAuditHasher(testAuditKey())));
        else
            QVERIFY(cutAuditLog(db, *rows, plainAuditHash, /*keyedFrom*/ rows->size() + 1));
        const auto plain = verdict(db);
        QVERIFY2(plain.ok, "the limit of a chain: this rewrite verifies without an anchor");
        QCOMPARE(plain.legacyRows, withKey ? qint64(0) : qint64(4));
        // Rows 1 and 2 are what they were; their hashes too unless they were rehashed the old way.
        QCOMPARE(verdict(db, { a2 }).ok, withKey);
        const auto cut = verdict(db, { a5 });
        QVERIFY(!cut.ok);
        QVERIFY2(cut.problem.contains(u"history cut"_s), qPrintable(cut.problem));
        const auto changed = verdict(db, { a4 });
        QVERIFY(!changed.ok);
        QCOMPARE(changed.firstBadId, qint64(4));
        QVERIFY2(changed.problem.contains(u"history rewritten"_s), qPrintable(changed.problem));
    }

    void legacyRowsStillVerify()
    {
        QString why;
        auto t = TestDatabase::create(&why, /*migrate*/ false);
        if (!t && TestDatabase::engineUnderTest() == u"pg"_s && !TestDatabase::postgresRequired())
            QSKIP(qPrintable(why));
        QVERIFY2(t, qPrintable(why));
        const Database& db = *t->db();
        legacyDatabase(db, 3);
        QCOMPARE(*db.schemaVersion(), 3);
        QVERIFY(t->db()->migrate());
        QVERIFY(*db.schemaVersion() >= 4);
        auto v = verdict(db);
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.keyedFrom, qint64(4));
        QCOMPARE(v.legacyRows, qint64(3));
        {
            auto conn = *db.connection();
            SqlTransaction tx(conn, db.dialect());
            QCOMPARE(*AuditLog::append(conn, db.dialect(), u"new"_s, u"payment.create"_s, u"payment"_s, u"4"_s, {}, 4),
                qint64(4));
            QVERIFY(tx.commit());
        }
        const auto rows = auditRows(db);
        QCOMPARE(rows->at(3).prevHash, rows->at(2).hash); // the keyed chain goes on from the old one
        QCOMPARE(rows->at(3).hash, keyedAuditHasher(testAuditKey())(rows->at(2).hash, rows->at(3)));
        v = verdict(db);
        QVERIFY2(v.ok, qPrintable(v.problem));
        QCOMPARE(v.rowsChecked, qint64(4));
        QCOMPARE(v.legacyRows, qint64(3));
        // Past keyed_from a plain hash no longer passes; before it an edit is still caught.
        dropGuards(db);
        auto conn = *db.connection();
        AuditEntry forged = rows->at(3);
        forged.actor = u"mallory"_s;
        QVERIFY(sql::exec(conn,
            u"UPDATE audit_log SET actor = 'mallory', hash = :h WHERE id = 4"_s,
            { { u":h"_s, plainAuditHash(forged.prevHash, forged) } }));
        QCOMPARE(verdict(db).firstBadId, qint64(4));
        QVERIFY(sql::execRaw(conn, u"UPDATE audit_log SET actor = 'mallory' WHERE id = 2"_s));
        QCOMPARE(verdict(db).firstBadId, qint64(2));
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
