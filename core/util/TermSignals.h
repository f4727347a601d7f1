#pragma once

#include <functional>

namespace paydesk {

/// Routes SIGTERM and SIGINT into the Qt event loop (a self-pipe): the signal handler only writes a byte, and
/// `onSignal` (by default QCoreApplication::quit) runs in the main thread. Call once, after the application object
/// exists.
void quitOnTermSignals(std::function<void()> onSignal = {});

} // namespace paydesk
