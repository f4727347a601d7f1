#include "ui/shell/MainWindow.h"

#include "core/store/Database.h"
#include "ui/shell/DatabaseStatusPage.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace paydesk::ui {

MainWindow::MainWindow(std::shared_ptr<Database> database, const Error& openError, QWidget* parent)
    : QMainWindow(parent)
    , m_database(database)
    , m_statusPage(new DatabaseStatusPage(database, openError))
    , m_connectionLabel(new QLabel)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("PayDesk"));
    resize(1024, 700);

    auto* title = new QLabel(tr("PayDesk merchant console"));
    title->setObjectName(u"titleLabel"_s);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    title->setFont(f);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->addWidget(title);
    layout->addWidget(m_statusPage, 1);
    setCentralWidget(central);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PayDesk"), this, &MainWindow::showAbout);

    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    if (database)
        m_connectionLabel->setText(tr("Database: %1").arg(database->url().redacted()));
    else
        m_connectionLabel->setText(tr("Database: not connected"));
    statusBar()->addPermanentWidget(m_connectionLabel);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PayDesk"),
                       tr("PayDesk %1\nA merchant console for WeChat Pay and Alipay QR payments.")
                           .arg(QCoreApplication::applicationVersion()));
}

} // namespace paydesk::ui
