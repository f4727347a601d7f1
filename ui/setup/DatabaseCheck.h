#pragma once

#include <QFuture>
#include <QString>

#include "core/util/Result.h"

namespace paydesk::ui {

/// Opens the database at `url`, applies the migrations and reads the schema version, on a thread of its own so
/// a slow or unreachable server never freezes the window. The future's result is the schema version.
[[nodiscard]] QFuture<Result<int>> checkDatabaseInBackground(const QString& url);

/// The result in words for the person setting up the console.
[[nodiscard]] QString describeDatabaseCheck(const Result<int>& result);

} // namespace paydesk::ui
