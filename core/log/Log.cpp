#include "core/log/Log.h"

#include <mutex>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <QDir>

namespace paydesk::log {

namespace {

std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;
spdlog::level::level_enum g_level = spdlog::level::info;

std::shared_ptr<spdlog::logger> named(const char* name)
{
    std::lock_guard lock(g_mutex);
    if (auto existing = spdlog::get(name))
        return existing;
    if (g_sinks.empty())
        g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    auto logger = std::make_shared<spdlog::logger>(name, g_sinks.begin(), g_sinks.end());
    logger->set_level(g_level);
    spdlog::register_logger(logger);
    return logger;
}

void qtToSpdlog(QtMsgType type, const QMessageLogContext& ctx, const QString& msg)
{
    static const auto qt = named("qt");
    const auto level = type == QtDebugMsg ? spdlog::level::debug
        : type == QtInfoMsg               ? spdlog::level::info
        : type == QtWarningMsg            ? spdlog::level::warn
                                          : spdlog::level::err;
    qt->log(level, "{} ({})", msg, ctx.category ? ctx.category : "default");
}

} // namespace

std::shared_ptr<spdlog::logger> storage()
{
    return named("core.storage");
}
std::shared_ptr<spdlog::logger> crypto()
{
    return named("core.crypto");
}
std::shared_ptr<spdlog::logger> channels()
{
    return named("core.channels");
}
std::shared_ptr<spdlog::logger> payments()
{
    return named("core.payments");
}
std::shared_ptr<spdlog::logger> server()
{
    return named("core.server");
}
std::shared_ptr<spdlog::logger> sim()
{
    return named("sim");
}
std::shared_ptr<spdlog::logger> ui()
{
    return named("ui");
}

void init(const QString& logDir, spdlog::level::level_enum level, bool toStderr)
{
    {
        std::lock_guard lock(g_mutex);
        spdlog::drop_all();
        g_sinks.clear();
        if (toStderr)
            g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
        if (!logDir.isEmpty() && QDir().mkpath(logDir)) {
            const QByteArray file = QDir(logDir).filePath(QStringLiteral("paydesk.log")).toLocal8Bit();
            g_sinks.push_back(
                std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.toStdString(), 5 * 1024 * 1024, 5));
        }
        g_level = level;
    }
    qInstallMessageHandler(qtToSpdlog);
}

QString maskPan(QStringView pan)
{
    if (pan.size() <= 8)
        return QString(pan.size(), u'*');
    return pan.left(4).toString() + QString(pan.size() - 8, u'*') + pan.right(4).toString();
}

QString redact(QStringView secret)
{
    return u"<redacted " + QString::number(secret.size()) + u" chars>";
}

} // namespace paydesk::log
