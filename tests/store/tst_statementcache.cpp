// sql::execCached: a statement prepared once per connection and reused (PostgreSQL), plain exec elsewhere; results
// stay correct across reuse, constraint errors and rollbacks; a forgotten connection drops its statements.
// DeferredHeads: the audit and event writes run at flush, in order, and are dropped on rollback.
#include "core/store/AuditLog.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/TestDatabase.h"

#include <QTest>

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
            QVERIFY(sql::execCached(conn, insert, {{u":id"_s, i}, {u":name"_s, u"n%1"_s.arg(i)}}));
        for (int i = 1; i <= 20; ++i) {
            auto q = sql::execCached(conn, select, {{u":id"_s, i}});
            QVERIFY(q);
            QVERIFY(q->next());
            QCOMPARE(q->value(0).toString(), u"n%1"_s.arg(i));
        }
        const bool pg = db.dialect().engine() == DbEngine::Postgres;
        QCOMPARE(sql::cachedStatementCount(conn.connectionName()), pg ? 2 : 0);

        // A unique violation inside a transaction: the error is typed, the statement stays usable after rollback.
        {
            SqlTransaction tx(conn, db.dialect());
            auto dup = sql::execCached(conn, insert, {{u":id"_s, 1}, {u":name"_s, u"again"_s}});
            QVERIFY(!dup);
            QCOMPARE(dup.error().code, ErrorCode::DbConstraint);
        }
        QVERIFY(sql::execCached(conn, insert, {{u":id"_s, 21}, {u":name"_s, u"n21"_s}}));
        auto q = sql::execCached(conn, select, {{u":id"_s, 21}});
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), u"n21"_s);

        sql::forgetConnection(conn.connectionName());
        QCOMPARE(sql::cachedStatementCount(conn.connectionName()), 0);
        auto again = sql::execCached(conn, select, {{u":id"_s, 2}});
        QVERIFY(again && again->next());
        QCOMPARE(again->value(0).toString(), u"n2"_s);
    }

    void deferredHeadsRunAtFlushInOrder()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        auto conn = *db.connection();
        const auto latest = [&] { return *EventFeed::latestSeq(conn); };
        const qint64 before = latest();
        {
            // Rolled back: nothing queued is written.
            SqlTransaction tx(conn, db.dialect());
            DeferredHeads heads(conn);
            QVERIFY(DeferredHeads::defer(conn, DeferredHeads::Head::Event, [&]() -> Status {
                return EventFeed::append(conn, db.dialect(), u"x"_s, u"payment"_s, 1, {}, 1) ? Status{}
                                                                                              : fail(ErrorCode::DbError, u"append"_s);
            }));
        }
        QCOMPARE(latest(), before);
        QStringList order;
        {
            SqlTransaction tx(conn, db.dialect());
            DeferredHeads heads(conn);
            QVERIFY(DeferredHeads::defer(conn, DeferredHeads::Head::Event, [&]() -> Status {
                order << u"event"_s;
                return EventFeed::append(conn, db.dialect(), u"x"_s, u"payment"_s, 1, {}, 1) ? Status{}
                                                                                              : fail(ErrorCode::DbError, u"append"_s);
            }));
            QVERIFY(DeferredHeads::defer(conn, DeferredHeads::Head::Audit, [&]() -> Status {
                order << u"audit"_s;
                return AuditLog::append(conn, db.dialect(), u"t"_s, u"test"_s, u"payment"_s, u"1"_s, {}, 1)
                    ? Status{}
                    : fail(ErrorCode::DbError, u"audit"_s);
            }));
            QCOMPARE(latest(), before); // queued, not written
            QVERIFY(heads.flush());
            QVERIFY(!DeferredHeads::defer(conn, DeferredHeads::Head::Audit, [] { return Status{}; }));
            QVERIFY(tx.commit());
        }
        QCOMPARE(order, (QStringList{u"audit"_s, u"event"_s}));
        QCOMPARE(latest(), before + 1);
        auto verdict = AuditLog::verify(conn);
        QVERIFY(verdict && verdict->ok);
        // Without an open DeferredHeads nothing is queued.
        QVERIFY(!DeferredHeads::defer(conn, DeferredHeads::Head::Event, [] { return Status{}; }));
    }
};

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statementcache.moc"
