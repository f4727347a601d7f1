// sql::execCached: a statement prepared once per connection and reused (PostgreSQL), plain exec elsewhere; results
// stay correct across reuse, constraint errors and rollbacks; a forgotten connection drops its statements.
// DeferredHeads: the audit and event writes run at flush, in order, and are dropped on rollback.
#include <QTest>

#include "core/store/AuditLog.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestStatementCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reusedStatementGivesFreshResults()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        auto conn = *db.connection();
        QVERIFY(sql::execRaw(conn, u"CREATE TABLE sc_items (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"_s));
        const QString insert = u"INSERT INTO sc_items (id, name) VALUES (:id, :name)"_s;
        const QString select = u"SELECT name FROM sc_items WHERE id = :id"_s;
        for (int i = 1; i <= 20; ++i)
            QVERIFY(sql::execCached(conn, insert, { { u":id"_s, i }, { u":name"_s, u"n%1"_s.arg(i) } }));
        for (int i = 1; i <= 20; ++i) {
            auto q = sql::execCached(conn, select, { { u":id"_s, i } });
            QVERIFY(q);
            QVERIFY(q->next());
            QCOMPARE(q->value(0).toString(), u"n%1"_s.arg(i));
        }
        const bool pg = db.dialect().engine() == DbEngine::Postgres;
        QCOMPARE(sql::cachedStatementCount(conn.connectionName()), pg ? 2 : 0);

        // A unique violation inside a transaction: the error is typed, the statement stays usable after rollback.
        {
            SqlTransaction tx(conn, db.dialect());
            auto dup = sql::execCached(conn, insert, { { u":id"_s, 1 }, { u":name"_s, u"again"_s } });
            QVERIFY(!dup);
            QCOMPARE(dup.error().code, ErrorCode::DbConstraint);
        }
        QVERIFY(sql::execCached(conn, insert, { { u":id"_s, 21 }, { u":name"_s, u"n21"_s } }));
        auto q = sql::execCached(conn, select, { { u":id"_s, 21 } });
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), u"n21"_s);

        sql::forgetConnection(conn.connectionName());
        QCOMPARE(sql::cachedStatementCount(conn.connectionName()), 0);
        auto again = sql::execCached(conn, select, { { u":id"_s, 2 } });
        QVERIFY(again && again->next());
        QCOMPARE(again->value(0).toString(), u"n2"_s);
    }

    void deferredHeadsWriteAtFlushInOrder()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        auto conn = *db.connection();
        const auto latest = [&] {
            return *EventFeed::latestSeq(conn);
        };
        const auto auditRows = [&] {
            auto q = sql::exec(conn, u"SELECT COUNT(*) FROM audit_log"_s);
            return q && q->next() ? q->value(0).toLongLong() : -1;
        };
        const qint64 before = latest();
        const qint64 auditBefore = auditRows();
        const auto entry = [](int i) {
            AuditEntry e;
            e.createdAtMs = 1000 + i;
            e.actor = u"t"_s;
            e.action = u"test.%1"_s.arg(i);
            e.entityType = u"payment"_s;
            e.entityId = QString::number(i);
            e.detail = QJsonObject { { u"i"_s, i } };
            return e;
        };
        {
            // Rolled back: nothing queued is written.
            SqlTransaction tx(conn, db.dialect());
            DeferredHeads heads(conn);
            QVERIFY(DeferredHeads::defer(conn, db.dialect(), FeedEvent { 0, u"x"_s, u"payment"_s, 1, {}, 1 }));
            QVERIFY(DeferredHeads::defer(conn, db.dialect(), entry(0)));
        }
        QCOMPARE(latest(), before);
        QCOMPARE(auditRows(), auditBefore);
        // More than one statement's worth (16 rows) of each, so the chunking is exercised too.
        constexpr int kCount = 21;
        {
            SqlTransaction tx(conn, db.dialect());
            DeferredHeads heads(conn);
            for (int i = 0; i < kCount; ++i) {
                QVERIFY(DeferredHeads::defer(
                    conn, db.dialect(), FeedEvent { 0, u"k%1"_s.arg(i), u"payment"_s, i, { { u"i"_s, i } }, 1 }));
                QVERIFY(DeferredHeads::defer(conn, db.dialect(), entry(i)));
            }
            QCOMPARE(latest(), before); // queued, not written
            QCOMPARE(auditRows(), auditBefore);
            QVERIFY(heads.flush());
            QVERIFY(!DeferredHeads::defer(conn, db.dialect(), entry(99)));
            QVERIFY(tx.commit());
        }
        QCOMPARE(latest(), before + kCount);
        QCOMPARE(auditRows(), auditBefore + kCount);
        auto events = EventFeed::readAfter(conn, before);
        QVERIFY(events);
        QCOMPARE(events->size(), kCount);
        for (int i = 0; i < kCount; ++i) {
            QCOMPARE(events->at(i).seq, before + 1 + i); // gapless, in the order queued
            QCOMPARE(events->at(i).kind, u"k%1"_s.arg(i));
            QCOMPARE(events->at(i).entityId, qint64(i));
            QCOMPARE(events->at(i).payload.value(u"i"_s).toInt(), i);
        }
        auto verdict = AuditLog::verify(conn);
        QVERIFY(verdict && verdict->ok);
        auto one = AuditLog::forEntity(conn, u"payment"_s, u"20"_s);
        QVERIFY(one && !one->isEmpty());
        QCOMPARE(one->constLast().action, u"test.20"_s);
        // Without an open DeferredHeads nothing is queued.
        QVERIFY(!DeferredHeads::defer(conn, db.dialect(), FeedEvent {}));
    }
};

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statementcache.moc"
