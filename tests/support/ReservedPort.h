#pragma once

#include <QtGlobal>

namespace paydesk::test {

/// A loopback TCP port (127.0.0.1) held for this object's lifetime, for a child process that must listen on a port
/// known before it starts (paydeskd: its notify URL is configured first, and a restart must come back on the same
/// port). The port is bound with SO_REUSEADDR but never listened on, so:
///  - no other process can take it meanwhile: the kernel hands out neither bind(0) nor outgoing connections on a
///    port bound like this, and a plain bind() to it fails;
///  - a child that binds it explicitly with SO_REUSEADDR (Qt's QTcpServer does on Unix) can listen on it, again and
///    again across restarts;
///  - while nobody listens there, connecting to it is refused.
/// This replaces probing a free port and closing it, which left a window in which another process could take it.
class ReservedPort final
{
public:
    ReservedPort();
    ~ReservedPort();
    ReservedPort(const ReservedPort&) = delete;
    ReservedPort& operator=(const ReservedPort&) = delete;

    /// 0 when no port could be reserved.
    [[nodiscard]] quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

} // namespace paydesk::test
