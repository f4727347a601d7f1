#include "tests/support/TestSupport.h"

#include <QFile>

namespace paydesk::test {

QString dataPath(const QString& relative)
{
    return QStringLiteral(PD_TEST_DATA_DIR) + u'/' + relative;
}

QByteArray readData(const QString& relative)
{
    QFile f(dataPath(relative));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("test data missing: %s", qPrintable(f.fileName()));
    return f.readAll();
}

} // namespace paydesk::test
