#include "ui/setup/DatabaseCheck.h"

#include <memory>

#include <QCoreApplication>
#include <QPromise>
#include <QThread>

#include "core/store/Database.h"
#include "ui/common/ErrorText.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

QFuture<Result<int>> checkDatabaseInBackground(const QString& url)
{
    auto promise = std::make_shared<QPromise<Result<int>>>();
    QFuture<Result<int>> future = promise->future();
    promise->start();
    // The Database lives and dies on the worker: its connection belongs to the thread that opened it.
    QThread* worker = QThread::create([promise, url] {
        Result<int> result = [&]() -> Result<int> {
            auto db = Database::open(url);
            if (!db)
                return tl::unexpected(db.error());
            if (auto migrated = (*db)->migrate(); !migrated)
                return tl::unexpected(migrated.error());
            return (*db)->schemaVersion();
        }();
        promise->addResult(std::move(result));
        promise->finish();
    });
    QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
    return future;
}

QString describeDatabaseCheck(const Result<int>& result)
{
    if (result)
        return QCoreApplication::translate(
            "paydesk::ui::DatabaseCheck", "Connected. The database is ready (schema version %1).")
            .arg(*result);
    return QCoreApplication::translate("paydesk::ui::DatabaseCheck", "Cannot use this database: %1")
        .arg(userMessage(result.error()));
}

} // namespace paydesk::ui
