#include "tests/support/FakeDialogs.h"

#include <utility>

namespace paydesk::test {

bool FakeDialogs::confirm(QWidget*, const QString& title, const QString& text)
{
    m_confirmations << title + QLatin1Char('\n') + text;
    return m_answers.isEmpty() ? defaultAnswer : m_answers.takeFirst();
}

void FakeDialogs::error(QWidget*, const QString& text)
{
    m_errors << text;
}

QString FakeDialogs::saveFileName(QWidget*, const QString&, const QString&, const QString&)
{
    return std::exchange(m_fileName, QString());
}

QString FakeDialogs::openFileName(QWidget*, const QString&, const QString&)
{
    return m_openFileNames.isEmpty() ? QString() : m_openFileNames.takeFirst();
}

void FakeDialogs::clear()
{
    m_answers.clear();
    m_openFileNames.clear();
    m_confirmations.clear();
    m_errors.clear();
}

} // namespace paydesk::test
