#pragma once

#include <QString>

class QWidget;

namespace paydesk::ui {

/// Every modal question a screen asks goes through this, so tests answer it (FakeDialogs) instead of a person.
/// Deliberately Widgets-free in its declaration: the test support library implements it without linking Widgets.
class DialogService
{
public:
    virtual ~DialogService() = default;
    /// Asks a yes/no question; true when the user confirms.
    virtual bool confirm(QWidget* parent, const QString& title, const QString& text) = 0;
    virtual void error(QWidget* parent, const QString& text) = 0;
    /// A file to write; empty when the user cancels.
    virtual QString saveFileName(
        QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter) = 0;
    /// An existing file to read (key files, certificates); empty when the user cancels.
    virtual QString openFileName(QWidget* parent, const QString& title, const QString& filter) = 0;
};

/// The real thing: QMessageBox and QFileDialog.
class MessageBoxDialogs final : public DialogService
{
public:
    bool confirm(QWidget* parent, const QString& title, const QString& text) override;
    void error(QWidget* parent, const QString& text) override;
    QString saveFileName(
        QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter) override;
    QString openFileName(QWidget* parent, const QString& title, const QString& filter) override;
};

} // namespace paydesk::ui
