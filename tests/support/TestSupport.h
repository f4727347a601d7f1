#pragma once

#include <QString>

namespace paydesk::test {

/// Absolute path of a file under tests/data (the published protocol vectors live in tests/data/vectors).
QString dataPath(const QString& relative);
QByteArray readData(const QString& relative);

} // namespace paydesk::test
