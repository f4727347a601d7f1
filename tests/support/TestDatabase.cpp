#include "tests/support/TestDatabase.h"

#include <QCoreApplication>
#include <QDir>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTemporaryDir>
#include <QUrl>

#include "core/crypto/SecretBox.h"
#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

// Runs one statement on the server's maintenance database through a short-lived connection.
bool adminExec(const QString& statement, QString* why)
{
    const DatabaseUrl admin = *DatabaseUrl::parse(qEnvironmentVariable("PD_TEST_PG_URL"));
    const QString name = u"pd-test-admin-%1"_s.arg(QRandomGenerator::global()->generate());
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(admin.host);
        db.setPort(admin.port);
        db.setUserName(admin.user);
        db.setPassword(admin.password);
        db.setDatabaseName(admin.database);
        if (!db.open()) {
            *why = u"cannot connect to the test PostgreSQL: "_s + db.lastError().text();
        } else if (auto s = sql::execRaw(db, statement); !s) {
            *why = s.error().detail;
        } else {
            ok = true;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

QString TestDatabase::engineUnderTest()
{
    return qEnvironmentVariable("PD_TEST_DB", u"sqlite"_s);
}

bool TestDatabase::postgresRequired()
{
    return qEnvironmentVariable("PD_REQUIRE_PG") == u"1"_s;
}

std::unique_ptr<TestDatabase> TestDatabase::create(QString* why, bool migrate)
{
    std::unique_ptr<TestDatabase> t(new TestDatabase);
    if (engineUnderTest() == u"pg"_s) {
        const QString base = qEnvironmentVariable("PD_TEST_PG_URL");
        if (base.isEmpty()) {
            *why = u"PD_TEST_PG_URL is not set (scripts/test starts a PostgreSQL and sets it)"_s;
            return nullptr;
        }
        auto parsed = DatabaseUrl::parse(base);
        if (!parsed) {
            *why = parsed.error().detail;
            return nullptr;
        }
        t->m_pgDatabase = u"pd_test_%1_%2"_s.arg(QCoreApplication::applicationPid())
                              .arg(QRandomGenerator::global()->generate() % 100000000);
        if (!adminExec(u"CREATE DATABASE "_s + t->m_pgDatabase, why))
            return nullptr;
        parsed->database = t->m_pgDatabase;
        t->m_url = parsed->toString();
    } else {
        QTemporaryDir dir(QDir::tempPath() + u"/paydesk-test-XXXXXX"_s);
        dir.setAutoRemove(false);
        if (!dir.isValid()) {
            *why = u"cannot create a temporary directory"_s;
            return nullptr;
        }
        t->m_tempDir = dir.path();
        t->m_url = u"sqlite://"_s + dir.filePath(u"test.db"_s);
    }
    auto db = Database::open(t->m_url);
    if (!db) {
        *why = db.error().detail;
        return nullptr;
    }
    t->m_db = *db;
    // Audit entries need the audit key (see Database::setAuditKey); tests that run programs hand over the master
    // key those use instead (PaydeskdRig).
    if (auto k = t->m_db->setAuditKey(crypto::SecretBox(crypto::SecureBytes(QByteArray(32, 'T')))); !k) {
        *why = k.error().detail;
        return nullptr;
    }
    if (migrate) {
        if (auto s = t->m_db->migrate(); !s) {
            *why = u"migration failed: "_s + s.error().detail;
            return nullptr;
        }
    }
    return t;
}

TestDatabase::~TestDatabase()
{
    m_db.reset();
    if (!m_pgDatabase.isEmpty()) {
        QString why;
        (void)adminExec(u"DROP DATABASE IF EXISTS "_s + m_pgDatabase + u" WITH (FORCE)"_s, &why);
    }
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

} // namespace paydesk::test
