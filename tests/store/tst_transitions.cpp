// Every legal and every illegal transition of the payment, refund and sale machines, on the engine under test.
#include "core/domain/StateMachine.h"
#include "core/store/EventFeed.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

#include <QTest>

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
            return insertRefund(*m_db->db(), insertPayment(*m_db->db(), domain::payment::Succeeded), m_user, status);
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
        for (EntityType type : {EntityType::Payment, EntityType::Refund, EntityType::Sale}) {
            const auto& m = domain::StateMachine::forEntity(type);
            for (const QString& from : m.states()) {
                for (const QString& to : m.states()) {
                    const bool legal = m.allows(from, to);
                    legalCount += legal;
                    const QByteArray name = (domain::entityTypeName(type) + u' ' + from + u"->"_s + to).toUtf8();
                    QTest::newRow(name.constData()) << type << from << to << legal;
                }
            }
        }
        // The machines as ARCHITECTURE.md draws them: 12 payment, 7 refund and 10 sale edges.
        QCOMPARE(legalCount, 12 + 7 + 10);
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

        const auto result = Transitions::apply(db, m_clock,
                                               {type, id, from, to, u"test"_s, u"alice"_s, {{u"why"_s, u"t"_s}}, {}});
        auto conn = *db.connection();
        if (legal) {
            QVERIFY2(result, qPrintable(result ? QString() : result.error().detail));
            QCOMPARE(*Transitions::currentStatus(conn, type, id), to);
            const auto hist = Transitions::history(conn, type, id);
            QVERIFY(hist);
            QCOMPARE(hist->size(), 1);
            QCOMPARE(hist->first().from, from);
            QCOMPARE(hist->first().to, to);
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
            QCOMPARE(*Transitions::currentStatus(conn, type, id), from);
            QCOMPARE(countRows(db, u"state_history"_s, mine), qint64(0));
            QCOMPARE(countRows(db, u"events"_s), eventsBefore);
        }
    }

    void staleFromIsRefusedAndChangesNothing()
    {
        const Database& db = *m_db->db();
        const qint64 id = insertPayment(db, domain::payment::Succeeded);
        const qint64 events = countRows(db, u"events"_s);
        // The caller believes the payment is still PENDING: a legal edge, but not from where the row is.
        const auto r = Transitions::apply(db, m_clock, {EntityType::Payment, id, domain::payment::Pending,
                                                        domain::payment::Closed, u"expiry"_s, u"system"_s, {}, {}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ConcurrentModification);
        QCOMPARE(*Transitions::currentStatus(*db.connection(), EntityType::Payment, id), domain::payment::Succeeded);
        QCOMPARE(countRows(db, u"events"_s), events);
    }

    void unknownEntityIsNotFound()
    {
        const auto r = Transitions::apply(*m_db->db(), m_clock, {EntityType::Payment, 987654321, domain::payment::Pending,
                                                                 domain::payment::Succeeded, u"t"_s, u"t"_s, {}, {}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
    }

    void extraColumnsAreWrittenByTheSameUpdate()
    {
        const Database& db = *m_db->db();
        const qint64 id = insertPayment(db, domain::payment::Pending);
        const auto r = Transitions::apply(db, m_clock,
                                          {EntityType::Payment, id, domain::payment::Pending, domain::payment::Succeeded,
                                           u"notification"_s, u"system"_s, {},
                                           {{u"channel_txn_id"_s, u"4200001234"_s}, {u"paid_at"_s, qint64(42)}}});
        QVERIFY(r);
        QCOMPARE(countRows(db, u"payments"_s, u"id = %1 AND channel_txn_id = '4200001234' AND paid_at = 42 AND version = 1"_s.arg(id)),
                 qint64(1));
    }

    void unknownStateIsInvalid()
    {
        const qint64 id = insertPayment(*m_db->db(), domain::payment::Pending);
        const auto r = Transitions::apply(*m_db->db(), m_clock, {EntityType::Payment, id, domain::payment::Pending,
                                                                 u"PAID"_s, u"t"_s, u"t"_s, {}, {}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestTransitions)
#include "tst_transitions.moc"
