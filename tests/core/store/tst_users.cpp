#include <QTest>

#include "core/crypto/Password.h"
#include "core/store/AuditLog.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;
using domain::Role;

class TestUsers final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addAuthenticateAndPin()
    {
        PD_TEST_DATABASE(t);
        FakeClock clock;
        UserRepository users(*t->db(), clock);
        users.setIterationsForTesting(1000);
        const auto added = users.add(u"王芳"_s, u"Wang Fang"_s, Role::Finance, u"correct horse"_s, u"ops:root"_s);
        QVERIFY2(added, qPrintable(added ? QString() : added.error().detail));
        QCOMPARE(added->role, Role::Finance);

        QCOMPARE(users.add(u"王芳"_s, {}, Role::Cashier, u"another pass"_s, u"ops:root"_s).error().code,
            ErrorCode::AlreadyExists);
        QCOMPARE(users.add(u"bad name"_s, {}, Role::Cashier, u"long enough"_s, u"ops"_s).error().code,
            ErrorCode::InvalidArgument);
        QCOMPARE(
            users.add(u"short"_s, {}, Role::Cashier, u"1234567"_s, u"ops"_s).error().code, ErrorCode::InvalidArgument);

        const auto ok = users.authenticate(u"王芳"_s, u"correct horse"_s);
        QVERIFY(ok);
        QCOMPARE(ok->displayName, u"Wang Fang"_s);
        QCOMPARE(users.authenticate(u"王芳"_s, u"correct horsE"_s).error().code, ErrorCode::AuthenticationFailed);
        QCOMPARE(users.authenticate(u"nobody"_s, u"correct horse"_s).error().code, ErrorCode::AuthenticationFailed);

        QCOMPARE(users.setPin(u"王芳"_s, u"12a4"_s, u"ops"_s).error().code, ErrorCode::InvalidArgument);
        QVERIFY(users.setPin(u"王芳"_s, u"2468"_s, u"ops"_s));
        QVERIFY(users.authenticatePin(u"王芳"_s, u"2468"_s));
        QCOMPARE(users.authenticatePin(u"王芳"_s, u"2469"_s).error().code, ErrorCode::AuthenticationFailed);
        QVERIFY(users.find(u"王芳"_s)->hasPin);

        // Stored as salted PBKDF2, never the password itself; adding users is audited.
        auto conn = *t->db()->connection();
        auto entries = AuditLog::forEntity(conn, u"user"_s, u"王芳"_s);
        QVERIFY(entries);
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->first().action, u"user.add"_s);
        QVERIFY(AuditLog::verify(conn)->ok);
        QCOMPARE(*users.count(), qint64(1));
    }

    void productionHashesUseAtLeast600kIterations()
    {
        const auto h = crypto::hashPassword(u"pw"_s);
        QVERIFY(h);
        QVERIFY(h->startsWith(u"pbkdf2-sha256$"_s));
        QVERIFY(h->section(u'$', 1, 1).toInt() >= 600000);
        // Same password, different salt.
        QVERIFY(*h != *crypto::hashPassword(u"pw"_s, 1000));
    }
};

QTEST_GUILESS_MAIN(TestUsers)
#include "tst_users.moc"
