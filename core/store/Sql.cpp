#include "core/store/Sql.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace paydesk::sql {

Error toError(const QSqlError& error, const QString& context)
{
    const QString text = error.text();
    const QString native = error.nativeErrorCode();
    ErrorCode code = ErrorCode::DbError;
    // PostgreSQL SQLSTATE class 23 = integrity constraint violation; SQLite reports "constraint failed".
    if (native.startsWith(u"23"_s) || text.contains(u"constraint"_s, Qt::CaseInsensitive) || text.contains(u"UNIQUE"_s)
        || text.contains(u"duplicate key"_s))
        code = ErrorCode::DbConstraint;
    // Class 08 is a connection exception, class 57 an operator intervention (57P01 admin_shutdown when the server
    // stops, 57P02 crash_shutdown, 57P03 cannot_connect_now while it starts).
    else if (error.type() == QSqlError::ConnectionError || native.startsWith(u"08"_s) || native.startsWith(u"57P"_s)
        || text.contains(u"server closed the connection"_s) || text.contains(u"no connection"_s))
        code = ErrorCode::DbUnavailable;
    else if (native == u"40001"_s || native == u"40P01"_s || text.contains(u"database is locked"_s))
        code = ErrorCode::ConcurrentModification; // serialization failure / deadlock / busy: retryable
    return Error { code, context + u": "_s + text };
}

Result<QSqlQuery> execList(const QSqlDatabase& db, const QString& statement, const QList<Binding>& bindings)
{
    QSqlQuery q(db);
    if (!q.prepare(statement))
        return tl::unexpected(toError(q.lastError(), u"prepare"_s));
    for (const auto& [name, value] : bindings) {
        // A null QString would bind as SQL NULL; an empty text is meant. Deliberate NULLs use nullableString().
        if (!value.isNull() && value.typeId() == QMetaType::QString && value.toString().isNull())
            q.bindValue(name, QString(u""_s));
        else
            q.bindValue(name, value);
    }
    if (!q.exec())
        return tl::unexpected(toError(q.lastError(), statement.left(60)));
    return q;
}

Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& statement, std::initializer_list<Binding> bindings)
{
    return execList(db, statement, QList<Binding>(bindings));
}

Status execRaw(const QSqlDatabase& db, const QString& statement)
{
    QSqlQuery q(db);
    if (!q.exec(statement))
        return tl::unexpected(toError(q.lastError(), statement.left(60)));
    return {};
}

QVariant nullableString(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QVariant nullableInt(qint64 v, bool isNull)
{
    return isNull ? QVariant(QMetaType::fromType<qlonglong>()) : QVariant(qlonglong(v));
}

} // namespace paydesk::sql
