#include "core/store/DeferredHeads.h"

namespace paydesk {

namespace {

// The innermost open DeferredHeads of this thread (they nest only if transactions do, which they do not today).
thread_local DeferredHeads* t_open = nullptr;

} // namespace

DeferredHeads::DeferredHeads(const QSqlDatabase& db)
    : m_connection(db.connectionName())
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
    // Closed first, so that anything a queued write appends runs at once instead of being queued behind itself.
    m_open = false;
    if (t_open == this)
        t_open = m_outer;
    for (auto* queue : {&m_audit, &m_events}) {
        for (const auto& write : *queue) {
            if (auto s = write(); !s)
                return s;
        }
        queue->clear();
    }
    return {};
}

bool DeferredHeads::defer(const QSqlDatabase& db, Head head, std::function<Status()> write)
{
    DeferredHeads* open = t_open;
    if (!open || !open->m_open || open->m_connection != db.connectionName())
        return false;
    (head == Head::Audit ? open->m_audit : open->m_events).push_back(std::move(write));
    return true;
}

} // namespace paydesk
