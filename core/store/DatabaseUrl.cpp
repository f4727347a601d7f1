#include "core/store/DatabaseUrl.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace paydesk {

Result<DatabaseUrl> DatabaseUrl::parse(const QString& text)
{
    DatabaseUrl out;
    if (text == u"sqlite::memory:"_s) {
        out.path = u":memory:"_s;
        return out;
    }
    if (text.startsWith(u"sqlite://"_s)) {
        out.path = text.mid(9);
        if (out.path.isEmpty())
            return fail(ErrorCode::InvalidArgument, u"sqlite URL without a path"_s);
        return out;
    }
    if (text.startsWith(u"postgresql://"_s) || text.startsWith(u"postgres://"_s)) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return fail(ErrorCode::InvalidArgument, u"malformed PostgreSQL URL"_s);
        out.engine = DbEngine::Postgres;
        out.host = url.host();
        out.port = url.port(5432);
        out.user = url.userName(QUrl::FullyDecoded);
        out.password = url.password(QUrl::FullyDecoded);
        out.database = url.path().mid(1);
        if (out.database.isEmpty())
            return fail(ErrorCode::InvalidArgument, u"PostgreSQL URL without a database name"_s);
        QStringList opts;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        for (const auto& [k, v] : items)
            opts << k + u'=' + v;
        out.options = opts.join(u';');
        return out;
    }
    return fail(ErrorCode::InvalidArgument, u"unsupported database URL (use sqlite:///path or postgresql://...)"_s);
}

QString DatabaseUrl::toString() const
{
    if (engine == DbEngine::Sqlite)
        return path == u":memory:"_s ? u"sqlite::memory:"_s : u"sqlite://"_s + path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(u'/' + database);
    if (!options.isEmpty()) {
        QUrlQuery q;
        for (const QString& kv : options.split(u';'))
            q.addQueryItem(kv.section(u'=', 0, 0), kv.section(u'=', 1));
        url.setQuery(q);
    }
    return url.toString();
}

QString DatabaseUrl::redacted() const
{
    DatabaseUrl copy = *this;
    if (!copy.password.isEmpty())
        copy.password = u"***"_s;
    return copy.toString();
}

QString defaultDatabaseUrl()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    QDir().mkpath(dir);
    return u"sqlite://"_s + QDir(dir).filePath(u"paydesk.db"_s);
}

} // namespace paydesk
