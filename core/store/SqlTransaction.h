#pragma once

#include <QSqlDatabase>

#include "core/util/Result.h"

namespace paydesk {

class SqlDialect;

/// A write transaction that rolls back unless commit() succeeded. SQLite starts it with BEGIN IMMEDIATE so
/// that concurrent writers queue on the busy timeout instead of failing on a lock upgrade.
class SqlTransaction final
{
public:
    SqlTransaction(QSqlDatabase db, const SqlDialect& dialect);
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction&) = delete;
    SqlTransaction& operator=(const SqlTransaction&) = delete;

    /// Whether BEGIN succeeded; check it (or use begin()) before writing.
    [[nodiscard]] bool isActive() const { return m_active; }
    [[nodiscard]] const Status& beginStatus() const { return m_begin; }
    [[nodiscard]] Status commit();
    void rollback();
    [[nodiscard]] QSqlDatabase& db() { return m_db; }

private:
    QSqlDatabase m_db;
    bool m_active = false;
    Status m_begin;
};

} // namespace paydesk
