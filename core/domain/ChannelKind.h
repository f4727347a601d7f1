#pragma once

#include <optional>

#include <QString>
#include <QStringView>

namespace paydesk {

/// The payment channels PayDesk speaks to. A domain fact (a payment belongs to one), so it lives here; the channel
/// adapters in core/channels and the rows in core/store both use it.
enum class ChannelKind
{
    WeChatPay,
    Alipay
};
/// "wechatpay" / "alipay": the stable name used in the database, on the command line and in URLs.
QString channelKindName(ChannelKind kind);
std::optional<ChannelKind> channelKindFromName(QStringView name);

} // namespace paydesk
