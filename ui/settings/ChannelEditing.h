#pragma once

#include <functional>

#include "core/util/Result.h"

namespace paydesk {
class ChannelConfigStore;
}

namespace paydesk::ui {

/// What a channel settings tab works on: the stored configuration and the console's way to make a saved one live.
/// In training mode the tabs only show the configuration (the channels are the built-in simulator's).
struct ChannelEditing
{
    ChannelConfigStore& store;
    std::function<Status()> reload; ///< re-reads the configuration into the running console
    bool training = false;
};

} // namespace paydesk::ui
