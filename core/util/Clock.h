#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace paydesk {

/// Time source injected everywhere time matters (expiry, timestamp windows, leases), so tests can move it.
class Clock
{
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual QDateTime nowUtc() const = 0;
    [[nodiscard]] qint64 nowSecs() const { return nowUtc().toSecsSinceEpoch(); }
    [[nodiscard]] qint64 nowMSecs() const { return nowUtc().toMSecsSinceEpoch(); }
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
    /// A process-wide instance for composition roots.
    static const Clock& instance();
};

} // namespace paydesk
