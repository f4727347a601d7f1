#include "ui/shell/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include "core/store/Database.h"
#include "core/store/EventFeed.h"
#include "core/store/EventListener.h"
#include "core/store/PaymentQuery.h"
#include "ui/cashier/CashierScreen.h"
#include "ui/cashier/CashierSession.h"
#include "ui/login/LockScreen.h"
#include "ui/payments/PaymentsBrowser.h"
#include "ui/refunds/ApprovalsView.h"
#include "ui/shell/DatabaseStatusPage.h"

using namespace Qt::StringLiterals;
using paydesk::domain::Role;

namespace paydesk::ui {

namespace {

bool roleIn(Role role, std::initializer_list<Role> roles)
{
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

QString roleLabel(Role role)
{
    switch (role) {
    case Role::Cashier:
        return MainWindow::tr("Cashier");
    case Role::Finance:
        return MainWindow::tr("Finance");
    case Role::Manager:
        return MainWindow::tr("Manager");
    case Role::Admin:
        return MainWindow::tr("Administrator");
    case Role::Auditor:
        return MainWindow::tr("Auditor");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(const Error& startupError, QWidget* parent)
    : QMainWindow(parent)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("PayDesk"));
    resize(1024, 700);
    setCentralWidget(new DatabaseStatusPage(nullptr, startupError));
    buildMenus();
    auto* connection = new QLabel(tr("Database: not connected"));
    connection->setObjectName(u"connectionLabel"_s);
    statusBar()->addPermanentWidget(connection);
}

MainWindow::MainWindow(const MainWindowServices& services, User user, DialogService& dialogs, QWidget* parent)
    : QMainWindow(parent)
    , m_simulatorPageUrl(services.simulatorPageUrl)
    , m_user(std::move(user))
    , m_nav(new QListWidget)
    , m_pages(new QStackedWidget)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(services.training ? tr("PayDesk (training)") : tr("PayDesk"));
    resize(1280, 800);
    const Actor actor { m_user->id, m_user->username, m_user->role };
    const Role role = m_user->role;

    // Live updates for every screen: from the sequence current now on (screens load their own state first).
    m_events = std::make_unique<EventListener>(services.database);
    auto conn = services.database->connection();
    const qint64 since = conn ? EventFeed::latestSeq(*conn).value_or(0) : 0;

    if (roleIn(role, { Role::Cashier, Role::Manager })) {
        m_cashier = std::make_unique<CashierSession>(services.payments, services.clock, actor);
        auto* screen = new CashierScreen(*m_cashier, services.query, actor, tr("PayDesk shop"));
        connect(m_events.get(), &EventListener::eventsArrived, m_cashier.get(), &CashierSession::onEvents);
        connect(m_events.get(), &EventListener::eventsArrived, screen, [screen] {
            screen->refreshTakings();
        });
        connect(screen, &CashierScreen::receiptSaved, this, [this](const QString& path) {
            statusBar()->showMessage(tr("Receipt saved as %1").arg(path), 10000);
        });
        if (services.trainingCustomer)
            screen->setTrainingCustomer(services.trainingCustomer);
        // The place (收银台), not the person (收银员) that roleLabel() names with the same English word.
        addPage(u"cashier"_s, tr("Cashier", "navigation: the counter"), screen);
    }
    if (roleIn(role, { Role::Finance, Role::Manager, Role::Auditor, Role::Admin })) {
        RefundService* refunds = roleIn(role, { Role::Finance, Role::Manager }) ? &services.refunds : nullptr;
        auto* browser = new PaymentsBrowser(services.query, refunds, dialogs, actor);
        browser->setEventListener(m_events.get());
        addPage(u"payments"_s, tr("Payments"), browser);
    }
    if (roleIn(role, { Role::Manager, Role::Finance })) {
        auto* approvals = new ApprovalsView(services.refunds, services.query, actor, dialogs);
        approvals->setEventListener(m_events.get());
        addPage(u"approvals"_s, tr("Refund approvals"), approvals);
    }
    if (roleIn(role, { Role::Admin, Role::Auditor }))
        addPage(u"database"_s, tr("Database"), new DatabaseStatusPage(services.database, {}));

    m_nav->setObjectName(u"navList"_s);
    m_nav->setFixedWidth(180);
    QFont navFont = m_nav->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.2);
    m_nav->setFont(navFont);
    m_nav->setSpacing(4);
    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        if (QWidget* page = m_pages->currentWidget())
            page->setFocus(); // the cashier's keypad, the browser's search box, ...
    });
    m_nav->setCurrentRow(0);
    // A one-screen role (a cashier) needs no navigation.
    m_nav->setVisible(m_pageNames.size() > 1);

    auto* body = new QWidget;
    auto* bodyLayout = new QHBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_nav);
    bodyLayout->addWidget(m_pages, 1);
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 8);
    if (services.training)
        buildTrainingBanner(central);
    layout->addWidget(body, 1);
    setCentralWidget(central);

    m_lock = new LockScreen(services.users, central);
    connect(m_lock, &LockScreen::unlocked, this, [this](const User&) {
        setActionsEnabled(true);
    });

    buildMenus();
    auto* who = new QLabel(
        tr("%1 (%2)").arg(m_user->displayName.isEmpty() ? m_user->username : m_user->displayName, roleLabel(role)));
    who->setObjectName(u"userLabel"_s);
    statusBar()->addPermanentWidget(who);
    auto* connection = new QLabel(tr("Database: %1").arg(services.database->url().redacted()));
    connection->setObjectName(u"connectionLabel"_s);
    statusBar()->addPermanentWidget(connection);
    m_events->start(since);
    if (QWidget* page = m_pages->currentWidget())
        QTimer::singleShot(0, page, qOverload<>(&QWidget::setFocus));
}

MainWindow::~MainWindow()
{
    if (m_events)
        m_events->stop();
}

void MainWindow::addPage(const QString& name, const QString& title, QWidget* page)
{
    page->setObjectName(page->objectName().isEmpty() ? name + u"Page"_s : page->objectName());
    m_pageNames << name;
    m_pages->addWidget(page);
    auto* item = new QListWidgetItem(title, m_nav);
    item->setSizeHint(QSize(160, 44));
    item->setData(Qt::UserRole, name);
}

QStringList MainWindow::pageNames() const
{
    return m_pageNames;
}

void MainWindow::showPage(const QString& name)
{
    const int i = int(m_pageNames.indexOf(name));
    if (i >= 0)
        m_nav->setCurrentRow(i);
}

void MainWindow::buildTrainingBanner(QWidget* container)
{
    auto* banner = new QWidget;
    banner->setObjectName(u"trainingBanner"_s);
    banner->setStyleSheet(u"#trainingBanner { background:#fff3cd; border:1px solid #ffe69c; border-radius:6px; }"_s);
    auto* row = new QHBoxLayout(banner);
    auto* text = new QLabel(tr("Training mode: payments go to the built-in simulator. No real money moves."));
    text->setStyleSheet(u"color:#664d03; font-weight:bold"_s);
    row->addWidget(text, 1);
    if (!m_simulatorPageUrl.isEmpty()) {
        auto* open = new QPushButton(tr("Open the simulator's page"));
        open->setObjectName(u"openSimulatorButton"_s);
        connect(open, &QPushButton::clicked, this, [this] {
            QDesktopServices::openUrl(QUrl(m_simulatorPageUrl));
        });
        row->addWidget(open);
    }
    static_cast<QVBoxLayout*>(container->layout())->addWidget(banner);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    if (m_user) {
        QAction* lockAction = file->addAction(tr("&Lock screen"), this, &MainWindow::lock);
        lockAction->setShortcut(QKeySequence(u"Ctrl+L"_s));
        file->addAction(tr("&Sign out"), this, &MainWindow::signOutRequested);
        if (m_user->role == Role::Admin)
            file->addAction(tr("S&ettings…"), this, &MainWindow::settingsRequested);
        file->addSeparator();
    }
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PayDesk"), this, [this] {
        QMessageBox::about(this,
            tr("About PayDesk"),
            tr("PayDesk %1\nA merchant console for WeChat Pay and Alipay QR payments.")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::setActionsEnabled(bool enabled)
{
    // While locked, nothing but the lock screen may act: menus and shortcuts included.
    menuBar()->setEnabled(enabled);
    const auto actions = findChildren<QAction*>();
    for (QAction* a : actions)
        a->setEnabled(enabled);
}

void MainWindow::lock()
{
    if (!m_lock || !m_user)
        return;
    setActionsEnabled(false);
    m_lock->lock(*m_user);
}

} // namespace paydesk::ui
