// Events written on one connection are read on another; on PostgreSQL the NOTIFY arrives.
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "core/store/EventFeed.h"
#include "core/store/EventListener.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestEvents final : public QObject
{
    Q_OBJECT

    // Writes `n` events from a separate thread, hence a separate connection.
    static void writeFromAnotherThread(const Database& db, int n, const QString& kind)
    {
        std::unique_ptr<QThread> writer(QThread::create([&] {
            auto conn = *db.connection();
            for (int i = 0; i < n; ++i) {
                SqlTransaction tx(conn, db.dialect());
                if (!EventFeed::append(conn, db.dialect(), kind, u"payment"_s, i + 1, { { u"i"_s, i } }, 1000 + i))
                    qFatal("append failed");
                if (!tx.commit())
                    qFatal("commit failed");
            }
        }));
        writer->start();
        writer->wait();
    }

private Q_SLOTS:
    void readAfterOnAnotherConnection()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        writeFromAnotherThread(db, 5, u"payment.status"_s);
        auto reader = db.openDedicatedConnection(u"reader"_s);
        QVERIFY(reader);
        auto all = EventFeed::readAfter(*reader, 0);
        QVERIFY(all);
        QCOMPARE(all->size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(all->at(i).seq, qint64(i + 1));
            QCOMPARE(all->at(i).entityId, qint64(i + 1));
            QCOMPARE(all->at(i).payload.value(u"i"_s).toInt(), i);
        }
        auto tail = EventFeed::readAfter(*reader, 3);
        QVERIFY(tail);
        QCOMPARE(tail->size(), 2);
        QCOMPARE(tail->first().seq, qint64(4));
        QCOMPARE(*EventFeed::latestSeq(*reader), qint64(5));
        const QString name = reader->connectionName();
        *reader = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }

    void rolledBackEventsAreNeverSeen()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        auto conn = *db.connection();
        {
            SqlTransaction tx(conn, db.dialect());
            QVERIFY(EventFeed::append(conn, db.dialect(), u"x"_s, u"payment"_s, 1, {}, 1));
            // no commit: rolled back
        }
        QCOMPARE(EventFeed::readAfter(conn, 0)->size(), 0);
        QCOMPARE(*EventFeed::latestSeq(conn), qint64(0));
    }

    void listenerDeliversAndCatchesUp()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        writeFromAnotherThread(db, 2, u"before"_s); // written while the console was "offline"
        EventListener listener(t->db());
        listener.setPollIntervalMs(t->isPostgres() ? 60000 : 50); // on PostgreSQL only NOTIFY may wake it
        QSignalSpy arrived(&listener, &EventListener::eventsArrived);
        QSignalSpy notified(&listener, &EventListener::notified);
        QVERIFY(listener.start(0));
        QCOMPARE(listener.usesNotify(), t->isPostgres());
        QCOMPARE(arrived.count(), 1); // caught up at once
        QCOMPARE(arrived.first().first().value<QList<FeedEvent>>().size(), 2);

        writeFromAnotherThread(db, 3, u"after"_s);
        QTRY_COMPARE_WITH_TIMEOUT(listener.lastSeq(), qint64(5), 10000);
        if (t->isPostgres())
            QVERIFY(notified.count() >= 1);
        QList<FeedEvent> got;
        for (const auto& call : arrived)
            got += call.first().value<QList<FeedEvent>>();
        QCOMPARE(got.size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(got[i].seq, qint64(i + 1));
        QCOMPARE(got[4].kind, u"after"_s);
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
