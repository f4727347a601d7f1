#include "core/domain/ChannelKind.h"

namespace paydesk {

QString channelKindName(ChannelKind kind)
{
    return kind == ChannelKind::WeChatPay ? QStringLiteral("wechatpay") : QStringLiteral("alipay");
}

std::optional<ChannelKind> channelKindFromName(QStringView name)
{
    if (name == u"wechatpay")
        return ChannelKind::WeChatPay;
    if (name == u"alipay")
        return ChannelKind::Alipay;
    return std::nullopt;
}

} // namespace paydesk
