#pragma once

#include <atomic>

#include "core/util/Clock.h"

namespace paydesk::test {

/// A clock the test moves by hand. Thread-safe.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(qint64 startMs = 1700000000000)
        : m_ms(startMs)
    {
    }
    [[nodiscard]] QDateTime nowUtc() const override { return QDateTime::fromMSecsSinceEpoch(m_ms.load(), Qt::UTC); }
    void setMs(qint64 ms) { m_ms = ms; }
    void advanceMs(qint64 ms) { m_ms += ms; }
    void advanceSecs(qint64 s) { m_ms += s * 1000; }

private:
    std::atomic<qint64> m_ms;
};

} // namespace paydesk::test
