#include "core/store/Database.h"

#include <atomic>
#include <mutex>

#include <QCoreApplication>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include "core/log/Log.h"
#include "core/store/AuditLog.h"
#include "core/store/Migrations.h"
#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

std::atomic<quint64> g_nextInstance { 1 };

// Set when the QCoreApplication is destroyed. A pool thread can end after that, during process exit, when Qt's
// connection registry may already be gone: removing a connection then touches freed memory (seen as paydeskd
// crashing on SIGTERM under load). The process is ending, so the OS reclaims the connections instead.
std::atomic<bool> g_applicationGone { false };

void markApplicationGone()
{
    g_applicationGone = true;
}

// Connection names this thread opened, per Database instance; closed when the thread ends.
struct ThreadConnections
{
    QHash<quint64, QString> names;
    ~ThreadConnections()
    {
        if (g_applicationGone.load() || !QCoreApplication::instance())
            return;
        for (const QString& name : std::as_const(names)) {
            sql::forgetConnection(name);
            QSqlDatabase::removeDatabase(name);
        }
    }
};
thread_local ThreadConnections t_connections;

QString threadTag()
{
    return QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
}

// Audit keys by Database instance. Connection names start "pd-<instance>-", which is how auditKeyOf() gets from
// a connection back to its Database. Never destroyed: a pool thread may still append during process exit.
struct AuditKeys
{
    std::mutex mutex;
    QHash<quint64, std::shared_ptr<const crypto::SecureBytes>> keys;
};

AuditKeys& auditKeys()
{
    static auto* keys = new AuditKeys;
    return *keys;
}

quint64 instanceOf(const QString& connectionName)
{
    const QStringView name(connectionName);
    if (!name.startsWith(u"pd-"))
        return 0;
    const QStringView rest = name.sliced(3);
    const qsizetype dash = rest.indexOf(u'-');
    return dash > 0 ? rest.first(dash).toULongLong() : 0;
}

} // namespace

Database::Database(DatabaseUrl url)
    : m_url(std::move(url))
    , m_dialect(&SqlDialect::forEngine(m_url.engine))
    , m_instance(g_nextInstance++)
{
}

Database::~Database()
{
    {
        auto& audit = auditKeys();
        const std::lock_guard lock(audit.mutex);
        audit.keys.remove(m_instance);
    }
    const QString name = t_connections.names.take(m_instance);
    if (!name.isEmpty()) {
        sql::forgetConnection(name); // cached statements first: they are released through the open connection
        {
            QSqlDatabase::database(name, false).close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Result<std::shared_ptr<Database>> Database::open(const QString& url)
{
    static std::once_flag registered;
    std::call_once(registered, [] {
        qAddPostRoutine(markApplicationGone);
    });
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return tl::unexpected(parsed.error());
    std::shared_ptr<Database> db(new Database(*parsed));
    auto first = db->connection();
    if (!first)
        return tl::unexpected(first.error());
    return db;
}

Result<QSqlDatabase> Database::openNamed(const QString& name) const
{
    if (m_url.engine == DbEngine::Sqlite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_url.path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=15000"_s);
        if (!db.open())
            return tl::unexpected(
                Error { ErrorCode::DbUnavailable, u"cannot open SQLite database: "_s + db.lastError().text() });
        // synchronous=FULL: with WAL, NORMAL may lose the last commits on power loss, and a till acknowledges
        // notifications and reserves refunds on the strength of a commit. Set on every connection (it is per
        // connection), checked by tst_schema.
        for (const QString& pragma : { u"PRAGMA journal_mode=WAL"_s,
                 u"PRAGMA foreign_keys=ON"_s,
                 u"PRAGMA synchronous=FULL"_s,
                 u"PRAGMA busy_timeout=15000"_s }) {
            if (auto s = sql::execRaw(db, pragma); !s)
                return tl::unexpected(s.error());
        }
        return db;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(m_url.host);
    db.setPort(m_url.port);
    db.setUserName(m_url.user);
    db.setPassword(m_url.password);
    db.setDatabaseName(m_url.database);
    QString options = m_url.options;
    if (!options.contains(u"connect_timeout"_s))
        options += (options.isEmpty() ? u""_s : u";"_s) + u"connect_timeout=10"_s;
    db.setConnectOptions(options);
    if (!db.open())
        return tl::unexpected(Error {
            ErrorCode::DbUnavailable, u"cannot connect to "_s + m_url.redacted() + u": "_s + db.lastError().text() });
    // Times are stored as UTC epoch milliseconds; keep the session in UTC for any server-side date math.
    (void)sql::execRaw(db, u"SET TIME ZONE 'UTC'"_s);
    return db;
}

Result<QSqlDatabase> Database::connection() const
{
    const QString existing = t_connections.names.value(m_instance);
    if (!existing.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(existing, false);
        if (db.isOpen())
            return db;
        // A dropped PostgreSQL session: reopen once rather than failing every later call on this thread.
        sql::forgetConnection(existing);
        if (db.open())
            return db;
        t_connections.names.remove(m_instance);
        {
            db = QSqlDatabase();
        }
        QSqlDatabase::removeDatabase(existing);
    }
    const QString name = u"pd-%1-%2"_s.arg(m_instance).arg(threadTag());
    auto db = openNamed(name);
    if (!db) {
        QSqlDatabase::removeDatabase(name);
        return db;
    }
    t_connections.names.insert(m_instance, name);
    return db;
}

Result<QSqlDatabase> Database::openDedicatedConnection(const QString& purpose) const
{
    static std::atomic<quint64> counter { 1 };
    const QString name = u"pd-%1-%2-%3-%4"_s.arg(m_instance).arg(threadTag(), purpose).arg(counter++);
    auto db = openNamed(name);
    if (!db)
        QSqlDatabase::removeDatabase(name);
    return db;
}

Status Database::setAuditKey(const crypto::SecretBox& masterKey)
{
    auto key = AuditLog::deriveKey(masterKey);
    if (!key)
        return tl::unexpected(key.error());
    auto shared = std::make_shared<const crypto::SecureBytes>(std::move(*key));
    auto& audit = auditKeys();
    const std::lock_guard lock(audit.mutex);
    audit.keys.insert(m_instance, std::move(shared));
    return {};
}

Result<crypto::SecureBytes> Database::auditKeyOf(const QSqlDatabase& connection)
{
    const quint64 instance = instanceOf(connection.connectionName());
    std::shared_ptr<const crypto::SecureBytes> key;
    {
        auto& audit = auditKeys();
        const std::lock_guard lock(audit.mutex);
        key = audit.keys.value(instance);
    }
    if (!key)
        return fail(ErrorCode::KeyInvalid,
            u"no audit key: this program opened the database without the master key, so it can neither "
            u"write nor check audit entries (see PAYDESK_MASTER_KEY_FILE)"_s);
    return *key;
}

Status Database::migrate() const
{
    return Migrations::apply(*this);
}

Result<int> Database::schemaVersion() const
{
    return Migrations::currentVersion(*this);
}

} // namespace paydesk
