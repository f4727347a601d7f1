// Migrations and the constraints of schema v1: what the database itself refuses.
#include <QTest>
#include <QThread>

#include "core/store/Migrations.h"
#include "core/store/Sql.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestSchema final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    qint64 m_alice = 0;
    qint64 m_bob = 0;

    bool run(const QString& statement) { return sql::execRaw(*m_db->db()->connection(), statement).has_value(); }
    Error runError(const QString& statement)
    {
        auto s = sql::execRaw(*m_db->db()->connection(), statement);
        return s ? Error {} : s.error();
    }

private Q_SLOTS:
    void initTestCase()
    {
        PD_TEST_DATABASE(t);
        m_db = std::move(t);
        m_alice = insertUser(*m_db->db(), u"alice"_s, u"finance"_s);
        m_bob = insertUser(*m_db->db(), u"bob"_s, u"manager"_s);
    }
    void cleanupTestCase() { m_db.reset(); }

    void migratingAgainIsANoOp()
    {
        const int version = *m_db->db()->schemaVersion();
        QVERIFY(version >= 1);
        QVERIFY(m_db->db()->migrate());
        QCOMPARE(*m_db->db()->schemaVersion(), version);
        QCOMPARE(countRows(*m_db->db(), u"schema_version"_s), qint64(version));
    }

    void twoProcessesMigratingAtOnce()
    {
        QString why;
        auto fresh = TestDatabase::create(&why, /*migrate*/ false);
        QVERIFY2(fresh, qPrintable(why));
        // Two independent Database objects (as two processes would have), migrating concurrently.
        std::atomic<int> ok { 0 };
        const auto migrator = [&] {
            auto db = Database::open(fresh->url());
            if (db && (*db)->migrate())
                ++ok;
        };
        std::unique_ptr<QThread> a(QThread::create(migrator));
        std::unique_ptr<QThread> b(QThread::create(migrator));
        a->start();
        b->start();
        a->wait();
        b->wait();
        QCOMPARE(ok.load(), 2);
        QCOMPARE(countRows(*fresh->db(), u"schema_version"_s), qint64(*fresh->db()->schemaVersion()));
        QCOMPARE(countRows(*fresh->db(), u"event_counter"_s), qint64(1));
    }

    void splitterKeepsTriggerAndFunctionBodies()
    {
        const auto parts = Migrations::splitStatements(
            u"CREATE TABLE a (x INT);\n-- comment;\nCREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n    SELECT 1;\nEND;\n"
            u"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    RAISE EXCEPTION 'x';\nEND;\n$$;\n"
            u"INSERT INTO a VALUES (1);"_s);
        QCOMPARE(parts.size(), 4);
        QVERIFY(parts[1].startsWith(u"CREATE TRIGGER"_s) && parts[1].endsWith(u"END;"_s));
        QVERIFY(parts[2].startsWith(u"CREATE FUNCTION"_s) && parts[2].endsWith(u"$$;"_s));
    }

    void everySqliteConnectionCommitsDurably()
    {
        if (m_db->isPostgres())
            QSKIP("PostgreSQL: durability is the server's synchronous_commit");
        // Each thread has its own connection, and synchronous is a per-connection setting: FULL (2) on every one,
        // since with WAL, NORMAL may lose an acknowledged commit on power loss.
        const auto level = [this] {
            auto q = sql::exec(*m_db->db()->connection(), u"PRAGMA synchronous"_s, {});
            return q && q->next() ? q->value(0).toInt() : -1;
        };
        QCOMPARE(level(), 2);
        int seen[3] = { -1, -1, -1 };
        std::unique_ptr<QThread> threads[3];
        for (int i = 0; i < 3; ++i) {
            threads[i].reset(QThread::create([&, i] {
                seen[i] = level();
            }));
            threads[i]->start();
        }
        for (int i = 0; i < 3; ++i) {
            QVERIFY(threads[i]->wait(QDeadlineTimer(30000)));
            QCOMPARE(seen[i], 2);
        }
    }

    void amountsMustBePositive()
    {
        QVERIFY(!run(
            u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, updated_at) "
            u"VALUES ('Z0', 'wechatpay', 'CREATED', 0, 'CNY', 0, 0)"_s));
        QVERIFY(!run(
            u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, updated_at) "
            u"VALUES ('Z1', 'wechatpay', 'CREATED', -5, 'CNY', 0, 0)"_s));
        const qint64 p = insertPayment(*m_db->db(), u"SUCCEEDED"_s, 1000);
        QVERIFY(!run(
            u"INSERT INTO refunds (out_refund_no, payment_id, status, amount_minor, currency, reason_code, "
            u"requested_by, created_at, updated_at) VALUES ('R0', %1, 'REQUESTED', 0, 'CNY', 'x', %2, 0, 0)"_s.arg(p)
                .arg(m_alice)));
    }

    void refundedNeverExceedsPaid()
    {
        const qint64 p = insertPayment(*m_db->db(), u"SUCCEEDED"_s, 1000);
        QVERIFY(run(u"UPDATE payments SET refunded_minor = 1000 WHERE id = %1"_s.arg(p)));
        QCOMPARE(runError(u"UPDATE payments SET refunded_minor = 1001 WHERE id = %1"_s.arg(p)).code,
            ErrorCode::DbConstraint);
        QVERIFY(run(u"UPDATE payments SET refunded_minor = 600, reserved_minor = 400 WHERE id = %1"_s.arg(p)));
        QVERIFY(!run(u"UPDATE payments SET reserved_minor = 401 WHERE id = %1"_s.arg(p)));
        QVERIFY(!run(u"UPDATE payments SET refunded_minor = -1, reserved_minor = 0 WHERE id = %1"_s.arg(p)));
    }

    void uniqueKeys()
    {
        QVERIFY(run(u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, idempotency_key, "
                    u"channel_txn_id, created_at, updated_at) VALUES ('U1', 'wechatpay', 'SUCCEEDED', 1, 'CNY', 'k1', "
                    u"'T1', 0, 0)"_s));
        // same out_trade_no / idempotency key / channel transaction id
        QCOMPARE(runError(u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, "
                          u"updated_at) VALUES ('U1', 'alipay', 'CREATED', 1, 'CNY', 0, 0)"_s)
                     .code,
            ErrorCode::DbConstraint);
        QVERIFY(!run(u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, idempotency_key, "
                     u"created_at, updated_at) VALUES ('U2', 'wechatpay', 'CREATED', 1, 'CNY', 'k1', 0, 0)"_s));
        QVERIFY(!run(u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, channel_txn_id, "
                     u"created_at, updated_at) VALUES ('U3', 'wechatpay', 'CREATED', 1, 'CNY', 'T1', 0, 0)"_s));
        // the same transaction id on the other channel is a different transaction
        QVERIFY(run(u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, channel_txn_id, "
                    u"created_at, updated_at) VALUES ('U4', 'alipay', 'CREATED', 1, 'CNY', 'T1', 0, 0)"_s));
        const qint64 p = insertPayment(*m_db->db(), u"SUCCEEDED"_s, 1000);
        const QString refund = u"INSERT INTO refunds (out_refund_no, payment_id, status, amount_minor, currency, "
                               u"reason_code, requested_by, created_at, updated_at) VALUES ('RU1', %1, 'REQUESTED', 1, "
                               u"'CNY', 'x', %2, 0, 0)"_s.arg(p)
                                   .arg(m_alice);
        QVERIFY(run(refund));
        QVERIFY(!run(refund));
    }

    void acceptedNotificationsAreExactlyOnceRejectedOnesAreKept()
    {
        const QString insert = u"INSERT INTO notifications (channel, notification_id, verdict, body, received_at) "
                               u"VALUES ('wechatpay', 'EV-1', '%1', 'x', 0)"_s;
        QVERIFY(run(insert.arg(u"rejected"_s))); // a forgery carrying a real id first
        QVERIFY(run(insert.arg(u"accepted"_s))); // the real one still gets in
        QVERIFY(!run(insert.arg(u"accepted"_s))); // never twice
        QVERIFY(run(insert.arg(u"duplicate"_s)));
        QVERIFY(run(insert.arg(u"rejected"_s)));
        QVERIFY(!run(insert.arg(u"bogus"_s)));
    }

    void fourEyesInTheDatabase()
    {
        const qint64 p = insertPayment(*m_db->db(), u"SUCCEEDED"_s, 1000);
        const qint64 r = insertRefund(*m_db->db(), p, m_alice, u"AWAITING_APPROVAL"_s);
        QVERIFY(!run(u"UPDATE refunds SET approved_by = %1 WHERE id = %2"_s.arg(m_alice).arg(r)));
        QVERIFY(run(u"UPDATE refunds SET approved_by = %1 WHERE id = %2"_s.arg(m_bob).arg(r)));
    }

    void statusAndRoleValuesAreChecked()
    {
        QVERIFY(!run(
            u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, updated_at) "
            u"VALUES ('S1', 'wechatpay', 'PAID', 1, 'CNY', 0, 0)"_s));
        QVERIFY(!run(
            u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, updated_at) "
            u"VALUES ('S2', 'unionpay', 'CREATED', 1, 'CNY', 0, 0)"_s));
        QVERIFY(!run(
            u"INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES ('x', 'root', 'h', 0, 0)"_s));
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
