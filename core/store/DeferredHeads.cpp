#include "core/store/DeferredHeads.h"

#include <utility>

namespace paydesk {

namespace {

// The innermost open DeferredHeads of this thread (they nest only if transactions do, which they do not today).
thread_local DeferredHeads* t_open = nullptr;

} // namespace

DeferredHeads::DeferredHeads(const QSqlDatabase& db)
    : m_db(db)
    , m_outer(t_open)
{
    t_open = this;
}

DeferredHeads::~DeferredHeads()
{
    if (t_open == this)
        t_open = m_outer;
}

Status DeferredHeads::flush()
{
    // Closed first, so that anything written from here on runs at once instead of being queued behind itself.
    m_open = false;
    if (t_open == this)
        t_open = m_outer;
    if (!m_audit.isEmpty()) {
        auto r = AuditLog::appendMany(m_db, *m_dialect, std::exchange(m_audit, {}));
        if (!r)
            return tl::unexpected(r.error());
    }
    if (!m_events.isEmpty()) {
        auto r = EventFeed::appendMany(m_db, *m_dialect, std::exchange(m_events, {}));
        if (!r)
            return tl::unexpected(r.error());
    }
    return {};
}

DeferredHeads* DeferredHeads::openFor(const QSqlDatabase& db, const SqlDialect& dialect)
{
    DeferredHeads* open = t_open;
    if (!open || !open->m_open || open->m_db.connectionName() != db.connectionName())
        return nullptr;
    open->m_dialect = &dialect;
    return open;
}

bool DeferredHeads::defer(const QSqlDatabase& db, const SqlDialect& dialect, const AuditEntry& entry)
{
    DeferredHeads* open = openFor(db, dialect);
    if (open)
        open->m_audit.append(entry);
    return open != nullptr;
}

bool DeferredHeads::defer(const QSqlDatabase& db, const SqlDialect& dialect, const FeedEvent& event)
{
    DeferredHeads* open = openFor(db, dialect);
    if (open)
        open->m_events.append(event);
    return open != nullptr;
}

} // namespace paydesk
