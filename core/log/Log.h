#pragma once

#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

#include <QString>

// Lets spdlog format QString arguments directly.
template <>
struct fmt::formatter<QString> : fmt::formatter<std::string_view>
{
    template <typename Ctx>
    auto format(const QString& s, Ctx& ctx) const
    {
        const QByteArray u = s.toUtf8();
        return fmt::formatter<std::string_view>::format(std::string_view(u.constData(), size_t(u.size())), ctx);
    }
};

namespace paydesk::log {

/// One named logger per subsystem. Safe to call before init(): they then log to stderr only.
std::shared_ptr<spdlog::logger> storage(); // "core.storage"
std::shared_ptr<spdlog::logger> crypto(); // "core.crypto"
std::shared_ptr<spdlog::logger> channels(); // "core.channels"
std::shared_ptr<spdlog::logger> payments(); // "core.payments"
std::shared_ptr<spdlog::logger> server(); // "core.server"
std::shared_ptr<spdlog::logger> sim(); // "sim"
std::shared_ptr<spdlog::logger> ui(); // "ui"

/// Rotating file under logDir (when not empty) plus stderr; also routes qDebug/qWarning into spdlog.
void init(const QString& logDir, spdlog::level::level_enum level = spdlog::level::info, bool toStderr = true);

/// Keeps the first 4 and last 4 digits of a card number: "4111********1111".
QString maskPan(QStringView pan);
/// Replaces a secret by its length only: "<redacted 32 bytes>".
QString redact(QStringView secret);

} // namespace paydesk::log
