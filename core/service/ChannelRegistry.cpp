#include "core/service/ChannelRegistry.h"

using namespace Qt::StringLiterals;

namespace paydesk {

void ChannelRegistry::add(Channel* channel)
{
    Q_ASSERT(channel);
    QWriteLocker lock(&m_lock);
    m_channels.insert(channel->kind(), channel);
}

void ChannelRegistry::remove(ChannelKind kind)
{
    QWriteLocker lock(&m_lock);
    m_channels.remove(kind);
}

Result<Channel*> ChannelRegistry::channel(ChannelKind kind) const
{
    QReadLocker lock(&m_lock);
    Channel* c = m_channels.value(kind, nullptr);
    if (!c)
        return fail(ErrorCode::NotFound, u"channel %1 is not configured"_s.arg(channelKindName(kind)));
    return c;
}

} // namespace paydesk
