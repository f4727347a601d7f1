#pragma once

#include <QList>
#include <QString>

#include "core/sim/SimTypes.h"

namespace paydesk::sim {

/// The cashier-training page at GET /sim/: open orders with amount, channel, time left and "scan and pay" buttons.
/// Its strings are translatable (context "paydesk::sim::SimPage"); cashiers read it in Chinese.
namespace SimPage {
[[nodiscard]] QString render(const QList<SimOrder>& orders, qint64 nowMs);
}

} // namespace paydesk::sim
