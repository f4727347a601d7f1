#pragma once

#include <QString>

#include "core/channels/ChannelTypes.h"
#include "core/domain/AccessControl.h"
#include "core/store/ChannelSettings.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelConfigStore;

namespace sim {
class SimServer;
}

/// Both channels pointed at a paydesk-sim: its demo merchants, its platform certificate, public key and Alipay key.
struct SimulatorChannels
{
    WeChatPaySettings wechat;
    AlipaySettings alipay;
};

/// The notification paths appended to a notify base URL ("http://127.0.0.1:8780" + "/notify/wechatpay").
[[nodiscard]] QString notifyPath(ChannelKind kind);

/// Training mode and tests. From an embedded SimServer that has been started and is listening. `notifyBaseUrl`
/// is where this process receives notifications; the channels get notifyBaseUrl + notifyPath(kind). An empty
/// base means no notify URL: polling alone confirms payments. NotFound when the simulator has no demo merchants.
[[nodiscard]] Result<SimulatorChannels> simulatorSettings(const sim::SimServer& sim, const QString& notifyBaseUrl);
/// The same for a paydesk-sim running in another process: read from its state directory, reached at `simUrl`.
[[nodiscard]] Result<SimulatorChannels> simulatorSettingsFromState(
    const QString& stateDir, const QString& simUrl, const QString& notifyBaseUrl);
/// Saves both channels (admin only, validated as any configuration).
[[nodiscard]] Status configureSimulatorChannels(
    ChannelConfigStore& store, const SimulatorChannels& channels, const Actor& actor);

/// simulatorSettings() + configureSimulatorChannels().
[[nodiscard]] Status configureForSimulator(
    ChannelConfigStore& store, const sim::SimServer& sim, const QString& notifyBaseUrl, const Actor& actor);

} // namespace paydesk
