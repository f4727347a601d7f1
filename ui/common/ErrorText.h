#pragma once

#include <QString>

#include "core/util/Result.h"

namespace paydesk::ui {

/// The one place where core error codes become words for the person at the counter.
QString userMessage(const Error& error);
QString userMessage(ErrorCode code);

} // namespace paydesk::ui
