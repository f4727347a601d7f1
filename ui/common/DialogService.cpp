#include "ui/common/DialogService.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QStandardPaths>

namespace paydesk::ui {

bool MessageBoxDialogs::confirm(QWidget* parent, const QString& title, const QString& text)
{
    // "No" is the default: a stray Enter must never confirm a money action.
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

void MessageBoxDialogs::error(QWidget* parent, const QString& text)
{
    QMessageBox::warning(parent, QCoreApplication::translate("paydesk::ui::DialogService", "PayDesk"), text);
}

QString MessageBoxDialogs::saveFileName(
    QWidget* parent, const QString& title, const QString& suggestedName, const QString& filter)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, title, QDir(dir).filePath(suggestedName), filter);
}

QString MessageBoxDialogs::openFileName(QWidget* parent, const QString& title, const QString& filter)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return QFileDialog::getOpenFileName(parent, title, dir, filter);
}

} // namespace paydesk::ui
