#include "core/util/Clock.h"

namespace paydesk {

const Clock& SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace paydesk
