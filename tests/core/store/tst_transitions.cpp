// Every legal and every illegal transition of the payment, refund and sale machines, on the engine under test.
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/store/EventFeed.h"
#include "core/store/SqlTransaction.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;
using domain::EntityType;

Q_DECLARE_METATYPE(paydesk::domain::EntityType)

class TestTransitions final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    qint64 m_user = 0;
    FakeClock m_clock;

    qint64 makeEntity(EntityType type, const QString& status)
    {
        switch (type) {
        case EntityType::Payment:
            return insertPayment(*m_db->db(), status);
        case EntityType::Refund:
            return insertRefund(
                *m_db->db(), insertPayment(*m_db->db(), domain::PaymentStatus::Succeeded), m_user, status);
        case EntityType::Sale:
            return insertSale(*m_db->db(), status);
        }
        return 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PD_TEST_DATABASE(t);
        m_db = std::move(t);
        m_user = insertUser(*m_db->db(), u"alice"_s, u"finance"_s);
    }
    void cleanupTestCase() { m_db.reset(); }

    void everyPair_data()
    {
        QTest::addColumn<EntityType>("type");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("legal");
        int legalCount = 0;
        for (EntityType type : { EntityType::Payment, EntityType::Refund, EntityType::Sale }) {
            const auto& m = domain::StateMachine::forEntity(type);
            for (const domain::State& from : m.states()) {
                for (const domain::State& to : m.states()) {
                    const bool legal = m.allows(from, to);
                    legalCount += legal;
                    const QByteArray name =
                        (domain::entityTypeName(type) + u' ' + from.name() + u"->"_s + to.name()).toUtf8();
                    QTest::newRow(name.constData()) << type << from.name() << to.name() << legal;
                }
            }
        }
        // The machines as ARCHITECTURE.md draws them: 12 payment, 8 refund (FAILED -> SUCCEEDED: the channel carried
        // out a refund held as failed) and 10 sale edges.
        QCOMPARE(legalCount, 12 + 8 + 10);
    }
    void everyPair()
    {
        QFETCH(EntityType, type);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, legal);
        const Database& db = *m_db->db();
        const qint64 id = makeEntity(type, from);
        const QString typeName = domain::entityTypeName(type);
        const QString mine = u"entity_type = '%1' AND entity_id = %2"_s.arg(typeName).arg(id);
        const qint64 eventsBefore = countRows(db, u"events"_s);

        const auto fromState = domain::State::fromName(type, from);
        const auto toState = domain::State::fromName(type, to);
        QVERIFY(fromState && toState);
        const auto result = Transitions::apply(
            db, m_clock, { type, id, *fromState, *toState, u"test"_s, u"alice"_s, { { u"why"_s, u"t"_s } }, {} });
        auto conn = *db.connection();
        if (legal) {
            QVERIFY2(result, qPrintable(result ? QString() : result.error().detail));
            QCOMPARE(Transitions::currentStatus(conn, type, id)->name(), to);
            const auto hist = Transitions::history(conn, type, id);
            QVERIFY(hist);
            QCOMPARE(hist->size(), 1);
            QCOMPARE(hist->first().from.name(), from);
            QCOMPARE(hist->first().to.name(), to);
            QCOMPARE(hist->first().cause, u"test"_s);
            QCOMPARE(hist->first().actor, u"alice"_s);
            QCOMPARE(hist->first().atMs, m_clock.nowMSecs());
            QCOMPARE(countRows(db, u"events"_s), eventsBefore + 1);
            const auto events = EventFeed::readAfter(conn, eventsBefore);
            QVERIFY(events);
            QCOMPARE(events->size(), 1);
            QCOMPARE(events->first().kind, typeName + u".status"_s);
            QCOMPARE(events->first().entityId, id);
            QCOMPARE(events->first().payload.value(u"to"_s).toString(), to);
        } else {
            QVERIFY(!result);
            QCOMPARE(result.error().code, ErrorCode::IllegalTransition);
            QCOMPARE(Transitions::currentStatus(conn, type, id)->name(), from);
            QCOMPARE(countRows(db, u"state_history"_s, mine), qint64(0));
            QCOMPARE(countRows(db, u"events"_s), eventsBefore);
        }
    }

    void staleFromIsRefusedAndChangesNothing()
    {
        const Database& db = *m_db->db();
        const qint64 id = insertPayment(db, domain::PaymentStatus::Succeeded);
        const qint64 events = countRows(db, u"events"_s);
        // The caller believes the payment is still PENDING: a legal edge, but not from where the row is.
        const auto r = Transitions::apply(db,
            m_clock,
            { EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Closed,
                u"expiry"_s,
                u"system"_s,
                {},
                {} });
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ConcurrentModification);
        QCOMPARE(
            *Transitions::currentStatus(*db.connection(), EntityType::Payment, id), domain::PaymentStatus::Succeeded);
        QCOMPARE(countRows(db, u"events"_s), events);
    }

    void unknownEntityIsNotFound()
    {
        const auto r = Transitions::apply(*m_db->db(),
            m_clock,
            { EntityType::Payment,
                987654321,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"t"_s,
                u"t"_s,
                {},
                {} });
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
    }

    void extraColumnsAreWrittenByTheSameUpdate()
    {
        const Database& db = *m_db->db();
        const qint64 id = insertPayment(db, domain::PaymentStatus::Pending);
        const auto r = Transitions::apply(db,
            m_clock,
            { EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"notification"_s,
                u"system"_s,
                {},
                { { u"channel_txn_id"_s, u"4200001234"_s }, { u"paid_at"_s, qint64(42) } } });
        QVERIFY(r);
        QCOMPARE(countRows(db,
                     u"payments"_s,
                     u"id = %1 AND channel_txn_id = '4200001234' AND paid_at = 42 AND version = 1"_s.arg(id)),
            qint64(1));
    }

    void manyInOneCallWriteEachRowItsHistoryAndEventInOrder()
    {
        const Database& db = *m_db->db();
        QList<qint64> ids;
        for (int i = 0; i < 20; ++i) // more than one statement's worth (16 rows)
            ids << insertPayment(db, domain::PaymentStatus::Pending);
        const qint64 created = insertPayment(db, domain::PaymentStatus::Created);
        const qint64 eventsBefore = countRows(db, u"events"_s);
        QList<TransitionSpec> specs;
        // A row changed twice goes in two rounds, in the order given.
        specs << TransitionSpec { EntityType::Payment,
            created,
            domain::PaymentStatus::Created,
            domain::PaymentStatus::Pending,
            u"n"_s,
            u"s"_s,
            {},
            {} };
        for (int i = 0; i < ids.size(); ++i) {
            specs << TransitionSpec { EntityType::Payment,
                ids[i],
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"n"_s,
                u"s"_s,
                { { u"i"_s, i } },
                { { u"channel_txn_id"_s, u"TX%1"_s.arg(i) }, { u"paid_at"_s, qint64(1000 + i) } } };
        }
        specs << TransitionSpec { EntityType::Payment,
            created,
            domain::PaymentStatus::Pending,
            domain::PaymentStatus::Succeeded,
            u"n"_s,
            u"s"_s,
            {},
            { { u"channel_txn_id"_s, u"TXC"_s }, { u"paid_at"_s, qint64(7) } } };
        auto conn = *db.connection();
        {
            SqlTransaction tx(conn, db.dialect());
            QVERIFY(Transitions::applyManyInTransaction(conn, db.dialect(), 5, specs));
            QVERIFY(tx.commit());
        }
        for (int i = 0; i < ids.size(); ++i) {
            QCOMPARE(countRows(db,
                         u"payments"_s,
                         u"id = %1 AND status = 'SUCCEEDED' AND channel_txn_id = 'TX%2' "
                         u"AND paid_at = %3 AND version = 1"_s.arg(ids[i])
                             .arg(i)
                             .arg(1000 + i)),
                qint64(1));
        }
        QCOMPARE(countRows(db,
                     u"payments"_s,
                     u"id = %1 AND status = 'SUCCEEDED' AND channel_txn_id = 'TXC' AND version = 2"_s.arg(created)),
            qint64(1));
        auto history = Transitions::history(conn, EntityType::Payment, created);
        QVERIFY(history);
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).to, domain::PaymentStatus::Pending);
        QCOMPARE(history->at(1).to, domain::PaymentStatus::Succeeded);
        auto one = Transitions::history(conn, EntityType::Payment, ids[17]);
        QVERIFY(one && one->size() == 1);
        QCOMPARE(one->at(0).detail.value(u"i"_s).toInt(), 17);
        QCOMPARE(countRows(db, u"events"_s), eventsBefore + specs.size());
    }

    void manyFailWholeWhenOneRowMovedOn()
    {
        const Database& db = *m_db->db();
        const qint64 a = insertPayment(db, domain::PaymentStatus::Pending);
        const qint64 b = insertPayment(db, domain::PaymentStatus::Closed); // another writer got there first
        const qint64 c = insertPayment(db, domain::PaymentStatus::Pending);
        QList<TransitionSpec> specs;
        for (const qint64 id : { a, b, c })
            specs << TransitionSpec { EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::PaymentStatus::Succeeded,
                u"n"_s,
                u"s"_s,
                {},
                {} };
        auto conn = *db.connection();
        {
            SqlTransaction tx(conn, db.dialect());
            const auto r = Transitions::applyManyInTransaction(conn, db.dialect(), 5, specs);
            QVERIFY(!r);
            QCOMPARE(r.error().code, ErrorCode::ConcurrentModification);
        } // rolled back
        QCOMPARE(*Transitions::currentStatus(conn, EntityType::Payment, a), domain::PaymentStatus::Pending);
        QCOMPARE(*Transitions::currentStatus(conn, EntityType::Payment, c), domain::PaymentStatus::Pending);
        // An illegal edge anywhere refuses the whole call before anything is written.
        specs[1].from = domain::PaymentStatus::Closed;
        SqlTransaction tx(conn, db.dialect());
        const auto illegal = Transitions::applyManyInTransaction(conn, db.dialect(), 5, specs);
        QVERIFY(!illegal);
        QCOMPARE(illegal.error().code, ErrorCode::IllegalTransition);
        QCOMPARE(*Transitions::currentStatus(conn, EntityType::Payment, a), domain::PaymentStatus::Pending);
    }

    void unknownStateIsInvalid()
    {
        const qint64 id = insertPayment(*m_db->db(), domain::PaymentStatus::Pending);
        // A state of another machine (a sale's PAID) is no payment state.
        const auto r = Transitions::apply(*m_db->db(),
            m_clock,
            { EntityType::Payment,
                id,
                domain::PaymentStatus::Pending,
                domain::SaleStatus::Paid,
                u"t"_s,
                u"t"_s,
                {},
                {} });
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestTransitions)
#include "tst_transitions.moc"
