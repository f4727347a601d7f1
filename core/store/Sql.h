#pragma once

#include "core/util/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <utility>

namespace paydesk::sql {

using Binding = std::pair<QString, QVariant>;

/// Prepares and executes one statement with named bindings; maps driver errors to typed codes
/// (a unique/check/foreign-key violation is DbConstraint, a lost connection DbUnavailable).
[[nodiscard]] Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& statement,
                                     std::initializer_list<Binding> bindings = {});
/// exec() for statements built at run time with a list of bindings.
[[nodiscard]] Result<QSqlQuery> execList(const QSqlDatabase& db, const QString& statement,
                                         const QList<Binding>& bindings);
/// Executes a statement without preparing it (DDL, PRAGMA, several statements are not allowed).
[[nodiscard]] Status execRaw(const QSqlDatabase& db, const QString& statement);
/// Error mapping used by exec(); public for callers that run their own QSqlQuery.
[[nodiscard]] Error toError(const QSqlError& error, const QString& context);

/// A NULL of the right type for optional values.
QVariant nullableString(const QString& s);
QVariant nullableInt(qint64 v, bool isNull);

} // namespace paydesk::sql
