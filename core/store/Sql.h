#pragma once

#include <initializer_list>
#include <memory>
#include <utility>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include "core/util/Result.h"

namespace paydesk::sql {

using Binding = std::pair<QString, QVariant>;

/// A statement built at run time with its bindings. Builders take a placeholder prefix, so that several can be
/// composed into one statement (PostgreSQL data-modifying CTEs) without two placeholders sharing a name.
struct Statement
{
    QString text;
    QList<Binding> bindings;
};

/// Prepares and executes one statement with named bindings; maps driver errors to typed codes
/// (a unique/check/foreign-key violation is DbConstraint, a lost connection DbUnavailable).
[[nodiscard]] Result<QSqlQuery> exec(
    const QSqlDatabase& db, const QString& statement, std::initializer_list<Binding> bindings = {});
/// exec() for statements built at run time with a list of bindings.
[[nodiscard]] Result<QSqlQuery> execList(
    const QSqlDatabase& db, const QString& statement, const QList<Binding>& bindings);
/// An executed statement from execCached(). On PostgreSQL it is the cached statement itself: read it before the
/// same statement text runs again on this connection, which re-executes it (QSqlQuery cannot be shared by copy).
class CachedQuery final
{
public:
    explicit CachedQuery(std::shared_ptr<QSqlQuery> q)
        : m_q(std::move(q))
    {
    }
    bool next() { return m_q->next(); }
    [[nodiscard]] QVariant value(int index) const { return m_q->value(index); }
    [[nodiscard]] int numRowsAffected() const { return m_q->numRowsAffected(); }
    void finish() { m_q->finish(); }
    [[nodiscard]] QSqlQuery& query() { return *m_q; }

private:
    std::shared_ptr<QSqlQuery> m_q;
};

/// exec() through this thread's cache of prepared statements for `db`, keyed by statement text. On PostgreSQL,
/// Qt's driver otherwise sends PREPARE, EXECUTE and DEALLOCATE for every statement: three round trips where one
/// will do. Use it for statements whose result is read at once (see CachedQuery). Other
/// engines prepare locally and cheaply and keep no statement open between calls: there it is plain exec().
[[nodiscard]] Result<CachedQuery> execCached(
    const QSqlDatabase& db, const QString& statement, std::initializer_list<Binding> bindings = {});
[[nodiscard]] Result<CachedQuery> execCachedList(
    const QSqlDatabase& db, const QString& statement, const QList<Binding>& bindings);
/// Drops this thread's cached statements of a connection; called before the connection is closed or removed.
void forgetConnection(const QString& connectionName);
/// Statements cached on this thread for a connection (tests).
[[nodiscard]] int cachedStatementCount(const QString& connectionName);
/// Executes a statement without preparing it (DDL, PRAGMA, several statements are not allowed).
[[nodiscard]] Status execRaw(const QSqlDatabase& db, const QString& statement);
/// Error mapping used by exec(); public for callers that run their own QSqlQuery.
[[nodiscard]] Error toError(const QSqlError& error, const QString& context);

/// A NULL of the right type for optional values.
QVariant nullableString(const QString& s);
QVariant nullableInt(qint64 v, bool isNull);

} // namespace paydesk::sql
