// Per-thread, per-connection cache of prepared statements behind sql::execCached().
//
// Why per thread: a QSqlDatabase connection and every QSqlQuery on it belong to the thread that opened it
// (Database::connection() hands each thread its own), so the cache needs no locking.
// Why teardown abandons rather than destroys: a destroyed QSqlQuery sends DEALLOCATE through its driver, which at
// thread exit or connection close may be closed or gone (and the server frees a session's statements anyway).
#include <memory>

#include <QHash>
#include <QList>
#include <QMutex>
#include <QPointer>
#include <QSqlDriver>
#include <QSqlError>

#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk::sql {

namespace {

constexpr qsizetype kMaxPerConnection = 128; ///< statements are fixed texts; a bound on anything built at run time

struct ConnectionStatements
{
    QPointer<QSqlDriver> driver;
    quintptr session = 0; ///< the libpq connection handle: a reopened session has none of our prepared statements
    QHash<QString, std::shared_ptr<QSqlQuery>> queries;

    /// While the session is open and in use on this thread: each released query DEALLOCATEs its statement.
    void drop() { queries.clear(); }

    /// When the connection is going away (thread exit, Database closing it, a dropped session being reopened):
    /// no DEALLOCATE is sent, since the server frees a session's statements when the session ends and the driver
    /// may already be closed or gone. The queries are parked where they stay reachable and are never touched again.
    void abandon()
    {
        static QMutex mutex;
        static auto* parked = new QList<std::shared_ptr<QSqlQuery>>(); // never destroyed: see above
        const QMutexLocker lock(&mutex);
        for (auto& q : queries)
            parked->append(std::move(q));
        queries.clear();
    }
};

struct ThreadCache
{
    QHash<QString, ConnectionStatements> byConnection;
    ~ThreadCache();
};

// Trivially destructible, so it can still be read after ThreadCache is gone during thread exit (thread_local
// objects are destroyed in reverse order of construction, and Database's own per-thread list may outlive us).
thread_local bool t_cacheAlive = false;

ThreadCache& cache()
{
    thread_local ThreadCache c;
    t_cacheAlive = true;
    return c;
}

ThreadCache::~ThreadCache()
{
    t_cacheAlive = false;
    for (auto& conn : byConnection)
        conn.abandon();
}

quintptr sessionOf(const QSqlDatabase& db)
{
    // QPSQL's handle() is a QVariant holding the PGconn pointer, stored inline.
    const QVariant h = db.driver() ? db.driver()->handle() : QVariant();
    return h.isValid() && h.metaType().flags().testFlag(QMetaType::IsPointer)
        ? *static_cast<const quintptr*>(h.constData())
        : 0;
}

void bindAll(QSqlQuery& q, const QList<Binding>& bindings)
{
    for (const auto& [name, value] : bindings) {
        // As in execList(): a null QString means empty text; deliberate NULLs use nullableString().
        if (!value.isNull() && value.typeId() == QMetaType::QString && value.toString().isNull())
            q.bindValue(name, QString(u""_s));
        else
            q.bindValue(name, value);
    }
}

} // namespace

Result<CachedQuery> execCachedList(const QSqlDatabase& db, const QString& statement, const QList<Binding>& bindings)
{
    if (db.driverName() != u"QPSQL"_s) {
        auto q = execList(db, statement, bindings);
        if (!q)
            return tl::unexpected(q.error());
        return CachedQuery(std::make_shared<QSqlQuery>(std::move(*q)));
    }
    ConnectionStatements& conn = cache().byConnection[db.connectionName()];
    const quintptr session = sessionOf(db);
    if (conn.driver != db.driver() || conn.session != session) {
        conn.abandon(); // prepared on a session that is gone
        conn.driver = db.driver();
        conn.session = session;
    } else if (conn.queries.size() >= kMaxPerConnection) {
        conn.drop();
        conn.driver = db.driver();
        conn.session = session;
    }
    std::shared_ptr<QSqlQuery> q = conn.queries.value(statement);
    if (!q) {
        q = std::make_shared<QSqlQuery>(db);
        if (!q->prepare(statement))
            return tl::unexpected(toError(q->lastError(), u"prepare"_s));
        conn.queries.insert(statement, q);
    }
    bindAll(*q, bindings);
    if (!q->exec()) {
        const Error error = toError(q->lastError(), statement.left(60));
        // A lost session invalidates every statement prepared on it; other errors (a constraint, an aborted
        // transaction) leave the prepared statement usable.
        if (error.code == ErrorCode::DbUnavailable)
            conn.abandon();
        return tl::unexpected(error);
    }
    return CachedQuery(std::move(q));
}

Result<CachedQuery> execCached(
    const QSqlDatabase& db, const QString& statement, std::initializer_list<Binding> bindings)
{
    return execCachedList(db, statement, QList<Binding>(bindings));
}

void forgetConnection(const QString& connectionName)
{
    if (!t_cacheAlive)
        return;
    auto& byConnection = cache().byConnection;
    if (auto it = byConnection.find(connectionName); it != byConnection.end()) {
        it->abandon();
        byConnection.erase(it);
    }
}

int cachedStatementCount(const QString& connectionName)
{
    if (!t_cacheAlive)
        return 0;
    const auto& byConnection = cache().byConnection;
    const auto it = byConnection.constFind(connectionName);
    return it == byConnection.cend() ? 0 : int(it->queries.size());
}

} // namespace paydesk::sql
