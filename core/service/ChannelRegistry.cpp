#include "core/service/ChannelRegistry.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace paydesk {

void ChannelRegistry::add(std::shared_ptr<Channel> channel)
{
    Q_ASSERT(channel);
    const ChannelKind kind = channel->kind();
    std::shared_ptr<Channel> replaced;
    {
        QWriteLocker lock(&m_lock);
        replaced = std::exchange(m_channels[kind], std::move(channel));
    }
    // `replaced` goes here, outside the lock: when no call holds it any more, this destroys it.
}

void ChannelRegistry::add(Channel* channel)
{
    Q_ASSERT(channel);
    // Not owned: the deleter does nothing, and the owner answers for the channel's life (see the header).
    add(std::shared_ptr<Channel>(channel, [](Channel*) {}));
}

void ChannelRegistry::remove(ChannelKind kind)
{
    std::shared_ptr<Channel> removed;
    {
        QWriteLocker lock(&m_lock);
        removed = m_channels.take(kind);
    }
}

Result<std::shared_ptr<Channel>> ChannelRegistry::channel(ChannelKind kind) const
{
    QReadLocker lock(&m_lock);
    std::shared_ptr<Channel> c = m_channels.value(kind);
    if (!c)
        return fail(ErrorCode::NotFound, u"channel %1 is not configured"_s.arg(channelKindName(kind)));
    return c;
}

} // namespace paydesk
