#pragma once

#include <optional>

#include <QJsonObject>
#include <QString>

#include "core/sim/SimKeys.h"
#include "core/util/Result.h"

namespace paydesk::sim {

class SimStore;

/// The demo merchants a simulator created on its first start, with the paths of their key files: what a client
/// needs to configure itself against that simulator. Either is absent when the simulator was started with
/// merchants of its own (demo merchants are made only for an empty simulator).
struct DemoMerchants
{
    std::optional<DemoWeChatMerchant> wechat;
    std::optional<DemoAlipayMerchant> alipay;
};

/// The demo merchants recorded in an open simulator store whose state directory is `stateDir`.
[[nodiscard]] DemoMerchants demoMerchants(const SimStore& store, const QString& stateDir);

/// The demo merchants of the simulator whose state directory is `stateDir`, read without starting a server (the
/// store is opened on a connection of its own; a running simulator may share the directory). NotFound when the
/// directory holds no simulator state. The merchants themselves may still be absent (see DemoMerchants).
[[nodiscard]] Result<DemoMerchants> demoMerchantsFromState(const QString& stateDir);

/// The client-side configuration of the demo merchants, as GET /sim/keys publishes it: ids and file paths only,
/// never a key or the APIv3 key itself (the control API is unauthenticated).
///   {"wechatpay_demo_merchant": {"mchid", "appid", "merchant_certificate_serial", "private_key_file",
///                                "certificate_file", "apiv3_key_file"},
///    "alipay_demo_merchant": {"app_id", "pid", "private_key_file", "public_key_file"}}
/// A merchant that is absent is left out.
[[nodiscard]] QJsonObject demoMerchantsJson(const DemoMerchants& merchants);

} // namespace paydesk::sim
