#pragma once

#include <QtGlobal>

namespace paydesk {

/// How verified payment notifications have been written in groups (NotificationService), as paydeskd's /metrics
/// shows them.
struct GroupCommitCounts
{
    qint64 groups = 0; ///< group commits run
    qint64 notifications = 0; ///< notifications in them
    qint64 fallbacks = 0; ///< groups rolled back and redone one notification at a time
    qint64 queued = 0; ///< notifications waiting for a writer right now
};

} // namespace paydesk
