#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "ui/common/DialogService.h"

namespace paydesk::test {

/// Answers the screens' modal questions from a script and records what was asked, so GUI tests never block on a
/// QMessageBox. Unscripted confirmations answer `defaultAnswer`.
class FakeDialogs final : public ui::DialogService
{
public:
    bool confirm(QWidget* parent, const QString& title, const QString& text) override;
    void error(QWidget* parent, const QString& text) override;
    QString saveFileName(
        QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter) override;
    /// Answers with the next queued file name (queueOpenFileName), else empty (cancelled).
    QString openFileName(QWidget* parent, const QString& title, const QString& filter) override;

    void queueAnswer(bool yes) { m_answers << yes; }
    void setNextFileName(const QString& path) { m_fileName = path; }
    void queueOpenFileName(const QString& path) { m_openFileNames << path; }

    bool defaultAnswer = true;
    [[nodiscard]] const QStringList& confirmations() const { return m_confirmations; }
    [[nodiscard]] const QStringList& errors() const { return m_errors; }
    void clear();

private:
    QList<bool> m_answers;
    QString m_fileName;
    QStringList m_openFileNames;
    QStringList m_confirmations;
    QStringList m_errors;
};

} // namespace paydesk::test
