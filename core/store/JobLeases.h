#pragma once

#include <QString>

#include "core/util/Result.h"

namespace paydesk {

class Database;

/// One lease per job name in `job_leases`, so that several processes never run the same job at once. A lease is
/// taken when free or expired (its owner died), renewed by its owner, and released after the run.
class JobLeases final
{
public:
    explicit JobLeases(const Database& database);

    /// True when `owner` now holds `job` until nowMs + leaseMs; false when another owner's lease is still running.
    [[nodiscard]] Result<bool> claim(const QString& job, const QString& owner, qint64 nowMs, qint64 leaseMs) const;
    /// Gives the lease up (only if still ours) and records the run.
    [[nodiscard]] Status release(const QString& job, const QString& owner, qint64 nowMs, const QString& result) const;

private:
    const Database& m_database;
};

} // namespace paydesk
