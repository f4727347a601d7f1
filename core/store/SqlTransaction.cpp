#include "core/store/SqlTransaction.h"

#include <QSqlError>

#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"

using namespace Qt::StringLiterals;

namespace paydesk {

SqlTransaction::SqlTransaction(QSqlDatabase db, const SqlDialect& dialect)
    : m_db(std::move(db))
{
    m_begin = sql::execRaw(m_db, dialect.beginWrite());
    m_active = m_begin.has_value();
}

SqlTransaction::~SqlTransaction()
{
    rollback();
}

Status SqlTransaction::commit()
{
    if (!m_active)
        return fail(ErrorCode::Internal, u"commit without an active transaction"_s);
    auto status = sql::execRaw(m_db, u"COMMIT"_s);
    if (!status) {
        rollback();
        return status;
    }
    m_active = false;
    return {};
}

void SqlTransaction::rollback()
{
    if (m_active) {
        m_active = false;
        (void)sql::execRaw(m_db, u"ROLLBACK"_s);
    }
}

} // namespace paydesk
