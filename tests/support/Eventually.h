#pragma once

#include <functional>

#include <QDeadlineTimer>
#include <QTest>

namespace paydesk::test {

/// QTRY_VERIFY_WITH_TIMEOUT for a condition that is slow to evaluate (it runs a program or a job): QTRY counts its
/// polls rather than the time, so each slow poll would stretch its timeout. Polls `done`, processing events between
/// polls, until it holds or `timeoutMs` of wall time have passed; returns whether it held.
inline bool eventually(const std::function<bool()>& done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired() || QTest::currentTestFailed())
            return false;
        QTest::qWait(50);
    }
    return true;
}

} // namespace paydesk::test
