// The settings dialog offscreen over a real ChannelConfigStore: channel keys imported from files, saved, shown
// again only as set with a fingerprint (never any line of a PEM), non-admins and bad keys refused with nothing
// saved, training mode read-only, strict refund threshold, the database switch, and a live language change.
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "app/paydesk/ConsoleServices.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"
#include "core/crypto/Rsa.h"
#include "core/crypto/SecretBox.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/RefundPolicyStore.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeDialogs.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/common/ErrorText.h"
#include "ui/settings/GeneralTab.h"
#include "ui/settings/SettingsDialog.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(PD_TEST_DATA_DIR);
const QString kMerchantKey = kData + u"/vectors/wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s;
const QString kPlatformCert = kData + u"/vectors/wechatpay/keys/go-test-cert-F5765756002FDD77.pem"_s;
const QString kAlipayAppKey = kData + u"/vectors/alipay/keys/java-prodcert-app-private-key.pem"_s;
const QString kAlipayPublicKey = kData + u"/vectors/alipay/keys/nodejs-alipay-public-key.pem"_s;

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(name));
    return f.fileName();
}

/// Every text any widget of `root` shows.
QStringList allTexts(QWidget& root)
{
    QStringList texts;
    for (auto* w : root.findChildren<QLabel*>())
        texts << w->text() << w->toolTip();
    for (auto* w : root.findChildren<QLineEdit*>())
        texts << w->text() << w->placeholderText();
    for (auto* w : root.findChildren<QListWidget*>()) {
        for (int i = 0; i < w->count(); ++i)
            texts << w->item(i)->text() << w->item(i)->toolTip();
    }
    return texts;
}

/// Fails when any line of `secret` (a PEM body line, or the whole of a short key) shows anywhere.
bool showsSecret(QWidget& root, const QByteArray& secret)
{
    const QStringList texts = allTexts(root);
    for (const QByteArray& line : secret.split('\n')) {
        const QString l = QString::fromLatin1(line.trimmed());
        if (l.size() < 16 || l.startsWith(u"-----"_s))
            continue;
        for (const QString& t : texts) {
            if (t.contains(l))
                return true;
        }
    }
    return false;
}

QString fingerprintOfKeyFile(const QString& path)
{
    auto key = crypto::RsaPrivateKey::fromPem(readAll(path));
    return u"SHA256:"_s + QString::fromLatin1(crypto::sha256(key->publicKeyPem()).toHex());
}

} // namespace

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    FakeClock m_clock;
    QTemporaryDir m_dir;
    std::unique_ptr<app::ConsoleServices> m_services;
    std::unique_ptr<ConsoleSettings> m_settings;
    FakeDialogs m_dialogs;
    Actor m_admin;
    QString m_apiV3File;

    template <typename T>
    static T* find(QWidget& w, const QString& name)
    {
        auto* found = w.findChild<T*>(name);
        if (!found)
            qWarning("no widget %s", qPrintable(name));
        return found;
    }
    static void click(QWidget& w, const QString& name)
    {
        QTest::mouseClick(find<QPushButton>(w, name), Qt::LeftButton);
    }
    static void type(QWidget& w, const QString& name, const QString& text) { find<QLineEdit>(w, name)->setText(text); }

    bool makeServices(bool training)
    {
        m_services.reset();
        m_db.reset();
        QString why;
        m_db = TestDatabase::create(&why);
        if (!m_db)
            return false;
        app::ConsoleServices::Options options;
        options.training = training;
        options.simStateDir = m_dir.filePath(u"sim"_s);
        options.runJobs = false;
        auto box = std::make_unique<crypto::SecretBox>(crypto::SecureBytes(crypto::randomBytes(32)));
        m_services = std::make_unique<app::ConsoleServices>(m_db->db(), m_clock, std::move(box), options);
        if (training && !m_services->start())
            return false;
        m_services->users().setIterationsForTesting(1000);
        auto admin = m_services->users().add(u"boss"_s, u"Boss"_s, domain::Role::Admin, u"admin pass"_s, u"t"_s);
        if (!admin)
            return false;
        m_admin = Actor { admin->id, admin->username, admin->role };
        return true;
    }

    void fillWeChat(SettingsDialog& dlg, const QString& apiV3File)
    {
        type(dlg, u"wechatMchidEdit"_s, u"1900009191"_s);
        type(dlg, u"wechatAppidEdit"_s, u"wxd678efh567hg6787"_s);
        type(dlg, u"merchantSerialEdit"_s, u"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"_s);
        type(dlg, u"wechatNotifyUrlEdit"_s, u"https://shop.example.com/notify/wechatpay"_s);
        m_dialogs.queueOpenFileName(kMerchantKey);
        click(dlg, u"importMerchantKeyButton"_s);
        m_dialogs.queueOpenFileName(apiV3File);
        click(dlg, u"importApiV3KeyButton"_s);
        m_dialogs.queueOpenFileName(kPlatformCert);
        click(dlg, u"addPlatformCertButton"_s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        qputenv("PAYDESK_MASTER_KEY_FILE", m_dir.filePath(u"master.key"_s).toLocal8Bit());
        m_apiV3File = writeFile(m_dir, u"apiv3.txt"_s, "0123456789abcdefABCDEF0123456789\n");
    }
    void init()
    {
        m_dialogs.clear();
        m_settings = std::make_unique<ConsoleSettings>(m_dir.filePath(u"settings.ini"_s));
        QVERIFY(makeServices(false));
    }
    void cleanup()
    {
        m_services.reset();
        m_db.reset();
        m_settings.reset();
        QFile::remove(m_dir.filePath(u"settings.ini"_s));
    }

    void wechatImportSaveReloadShowsOnlyFingerprints()
    {
        {
            SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
            dlg.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dlg));
            QCOMPARE(find<QLineEdit>(dlg, u"wechatBaseUrlEdit"_s)->text(), u"https://api.mch.weixin.qq.com"_s);
            fillWeChat(dlg, m_apiV3File);
            QVERIFY2(m_dialogs.errors().isEmpty(), qPrintable(m_dialogs.errors().join(u'\n')));
            QVERIFY(!showsSecret(dlg, readAll(kMerchantKey))); // pending, and still not shown
            click(dlg, u"saveWeChatButton"_s);
            QVERIFY2(m_dialogs.errors().isEmpty(), qPrintable(m_dialogs.errors().join(u'\n')));
        }
        auto stored = m_services->channelConfig().loadWeChatPay();
        QVERIFY(stored);
        QCOMPARE(stored->merchantPrivateKeyPem, readAll(kMerchantKey));
        QCOMPARE(stored->apiV3Key, "0123456789abcdefABCDEF0123456789"_ba);
        const QString serial = crypto::readCertificate(readAll(kPlatformCert))->serialHex;
        QCOMPARE(stored->platformCertificatePems.keys(), QStringList { serial });

        SettingsDialog again(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        again.show();
        QCOMPARE(find<QLineEdit>(again, u"wechatMchidEdit"_s)->text(), u"1900009191"_s);
        QCOMPARE(
            find<QLineEdit>(again, u"merchantSerialEdit"_s)->text(), u"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"_s);
        QCOMPARE(
            find<QLineEdit>(again, u"wechatNotifyUrlEdit"_s)->text(), u"https://shop.example.com/notify/wechatpay"_s);
        auto* keyLabel = find<QLabel>(again, u"merchantKeyLabel"_s);
        QCOMPARE(keyLabel->toolTip(), fingerprintOfKeyFile(kMerchantKey));
        QVERIFY(keyLabel->text().contains(fingerprintOfKeyFile(kMerchantKey).left(23)));
        QVERIFY(!find<QLabel>(again, u"apiV3KeyLabel"_s)->text().isEmpty());
        QCOMPARE(find<QListWidget>(again, u"platformCertList"_s)->item(0)->text(), serial);
        QVERIFY(!showsSecret(again, readAll(kMerchantKey)));
        QVERIFY(!allTexts(again).join(u'\n').contains(u"0123456789abcdefABCDEF0123456789"_s));

        // Rotation of one thing keeps the rest: a new notify URL, the same sealed keys.
        type(again, u"wechatNotifyUrlEdit"_s, u"https://shop.example.com/notify/wx2"_s);
        click(again, u"saveWeChatButton"_s);
        QVERIFY2(m_dialogs.errors().isEmpty(), qPrintable(m_dialogs.errors().join(u'\n')));
        stored = m_services->channelConfig().loadWeChatPay();
        QCOMPARE(stored->notifyUrl, u"https://shop.example.com/notify/wx2"_s);
        QCOMPARE(stored->merchantPrivateKeyPem, readAll(kMerchantKey));
        QCOMPARE(stored->apiV3Key.size(), 32);
        QVERIFY(m_services->configuredChannels().contains(ChannelKind::WeChatPay));
    }

    void nonAdminIsRefusedAndShown()
    {
        auto cashier = m_services->users().add(u"xiaoli"_s, u"Li"_s, domain::Role::Cashier, u"cashier pass"_s, u"t"_s);
        QVERIFY(cashier);
        SettingsDialog dlg(m_services->channelEditing(),
            *m_services->database(),
            *m_settings,
            Actor { cashier->id, cashier->username, cashier->role },
            m_dialogs);
        dlg.show();
        fillWeChat(dlg, m_apiV3File);
        click(dlg, u"saveWeChatButton"_s);
        QCOMPARE(m_dialogs.errors().size(), 1);
        QVERIFY(m_dialogs.errors().first().contains(userMessage(ErrorCode::PermissionDenied)));
        QVERIFY(find<QLabel>(dlg, u"wechatStatusLabel"_s)->text().contains(userMessage(ErrorCode::PermissionDenied)));
        QCOMPARE(m_services->channelConfig().describe(ChannelKind::WeChatPay).error().code, ErrorCode::NotFound);
    }

    void shortApiV3KeyIsRefusedAndNothingSaved()
    {
        const QString shortKey = writeFile(m_dir, u"apiv3-short.txt"_s, "0123456789abcdefABCDEF012345678");
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.show();
        fillWeChat(dlg, shortKey);
        QCOMPARE(m_dialogs.errors().size(), 1); // at import
        QVERIFY(m_dialogs.errors().first().contains(u"32"_s));
        click(dlg, u"saveWeChatButton"_s);
        QCOMPARE(m_dialogs.errors().size(), 2); // and at save: there is no APIv3 key
        QCOMPARE(m_services->channelConfig().describe(ChannelKind::WeChatPay).error().code, ErrorCode::NotFound);
    }

    void alipayImportSaveReload()
    {
        {
            SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
            dlg.show();
            type(dlg, u"alipayAppIdEdit"_s, u"2021000122671234"_s);
            type(dlg, u"alipaySellerIdEdit"_s, u"2088102177846875"_s);
            type(dlg, u"alipayNotifyUrlEdit"_s, u"https://shop.example.com/notify/alipay"_s);
            m_dialogs.queueOpenFileName(kAlipayAppKey);
            click(dlg, u"importAppKeyButton"_s);
            m_dialogs.queueOpenFileName(kAlipayPublicKey);
            click(dlg, u"importAlipayPublicKeyButton"_s);
            click(dlg, u"saveAlipayButton"_s);
            QVERIFY2(m_dialogs.errors().isEmpty(), qPrintable(m_dialogs.errors().join(u'\n')));
        }
        auto stored = m_services->channelConfig().loadAlipay();
        QVERIFY(stored);
        QCOMPARE(stored->appId, u"2021000122671234"_s);
        QVERIFY(crypto::RsaPrivateKey::fromPem(stored->appPrivateKeyPem));
        SettingsDialog again(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        again.show();
        QCOMPARE(find<QLineEdit>(again, u"alipaySellerIdEdit"_s)->text(), u"2088102177846875"_s);
        QCOMPARE(find<QLineEdit>(again, u"alipayGatewayUrlEdit"_s)->text(), u"https://openapi.alipay.com/gateway.do"_s);
        QCOMPARE(find<QLabel>(again, u"appKeyLabel"_s)->toolTip(), fingerprintOfKeyFile(kAlipayAppKey));
        QVERIFY(find<QLabel>(again, u"alipayPublicKeyLabel"_s)->text().contains(u"SHA256:"_s));
        QVERIFY(!showsSecret(again, readAll(kAlipayAppKey)));
        QVERIFY(m_services->configuredChannels().contains(ChannelKind::Alipay));
    }

    void alipayWrongKeyFileRefused()
    {
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.show();
        m_dialogs.queueOpenFileName(kAlipayPublicKey); // a public key where the private one belongs
        click(dlg, u"importAppKeyButton"_s);
        QCOMPARE(m_dialogs.errors().size(), 1);
        QVERIFY(find<QLabel>(dlg, u"appKeyLabel"_s)->text() != QString());
        click(dlg, u"saveAlipayButton"_s);
        QCOMPARE(m_dialogs.errors().size(), 2);
        QCOMPARE(m_services->channelConfig().describe(ChannelKind::Alipay).error().code, ErrorCode::NotFound);
    }

    void trainingMakesChannelTabsReadOnly()
    {
        QVERIFY(makeServices(true));
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        for (const QString& name : { u"wechatTrainingLabel"_s, u"alipayTrainingLabel"_s }) {
            auto* note = find<QLabel>(dlg, name);
            QVERIFY(!note->isHidden()); // its tab may be in the background
            QVERIFY(!note->text().isEmpty());
        }
        for (const QString& name : { u"saveWeChatButton"_s,
                 u"importMerchantKeyButton"_s,
                 u"importApiV3KeyButton"_s,
                 u"addPlatformCertButton"_s,
                 u"saveAlipayButton"_s,
                 u"importAppKeyButton"_s })
            QVERIFY2(!find<QPushButton>(dlg, name)->isEnabled(), qPrintable(name));
        QVERIFY(find<QLineEdit>(dlg, u"wechatMchidEdit"_s)->isReadOnly());
        QVERIFY(find<QLineEdit>(dlg, u"alipayAppIdEdit"_s)->isReadOnly());
        // The simulator's addresses show, so the trainee sees where payments go.
        QVERIFY(find<QLineEdit>(dlg, u"wechatBaseUrlEdit"_s)->text().startsWith(u"http://127.0.0.1:"_s));
    }

    void refundPolicyIsStrictAndSharedThroughTheDatabase()
    {
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.show();
        auto* edit = find<QLineEdit>(dlg, u"refundThresholdEdit"_s);
        auto* cap = find<QLineEdit>(dlg, u"refundDailyCapEdit"_s);
        auto* error = find<QLabel>(dlg, u"refundThresholdErrorLabel"_s);
        const auto policy = [this] {
            return *RefundPolicyStore::load(*m_services->database());
        };
        QCOMPARE(edit->text(), u"500.00"_s);
        QCOMPARE(cap->text(), u"0.00"_s);
        for (const QString& bad : { u"1.234"_s, u"-5"_s, u"5e2"_s, u"¥500"_s, u"1,000"_s }) {
            edit->setText(bad);
            click(dlg, u"saveGeneralButton"_s);
            QVERIFY2(!error->isHidden(), qPrintable(bad));
            QCOMPARE(policy().approvalThresholdMinor, 50000);
        }
        edit->setText(u"800.5"_s);
        cap->setText(u"2000"_s);
        type(dlg, u"merchantNameEdit"_s, u"老王小卖部"_s);
        click(dlg, u"saveGeneralButton"_s);
        QVERIFY(error->isHidden());
        // In the database every program reads, at once, and audited.
        QCOMPARE(policy().approvalThresholdMinor, 80050);
        QCOMPARE(policy().dailyCapPerUserMinor, 200000);
        QCOMPARE(countRows(*m_services->database(), u"audit_log"_s, u"action = 'policy.refunds'"_s), qint64(1));
        QCOMPARE(m_settings->merchantName(), u"老王小卖部"_s);
        QCOMPARE(edit->text(), u"800.50"_s);
        QCOMPARE(cap->text(), u"2000.00"_s);
        edit->setText(u"500"_s);
        cap->setText(u"0"_s);
        click(dlg, u"saveGeneralButton"_s);
        QCOMPARE(policy().approvalThresholdMinor, 50000);
        // PD_SCREENSHOT_DIR=dir: pictures of the tab in both languages, for a person to look at.
        if (const QString dir = qEnvironmentVariable("PD_SCREENSHOT_DIR"); !dir.isEmpty()) {
            find<QTabWidget>(dlg, u"settingsTabs"_s)->setCurrentWidget(dlg.findChild<GeneralTab*>());
            dlg.resize(760, 520);
            // The .qm files are embedded in the console only; the build tree has them.
            for (const QString& language : { u"zh_CN"_s, u"en"_s }) {
                QTranslator translator;
                QVERIFY(translator.load(QStringLiteral(PD_BINARY_DIR) + u"/paydesk_"_s + language + u".qm"_s));
                QCoreApplication::installTranslator(&translator);
                QCoreApplication::processEvents();
                QVERIFY(dlg.grab().save(dir + u"/settings_general_"_s + language + u".png"_s));
                QCoreApplication::removeTranslator(&translator);
            }
        }
    }

    void trainingSwitchAsksFirst()
    {
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.show();
        auto* check = find<QCheckBox>(dlg, u"trainingModeCheck"_s);
        check->setChecked(true);
        m_dialogs.queueAnswer(false);
        click(dlg, u"saveGeneralButton"_s);
        QVERIFY(!check->isChecked());
        QCOMPARE(m_settings->mode(), ConsoleSettings::Mode::Standalone);
        check->setChecked(true);
        m_dialogs.queueAnswer(true);
        click(dlg, u"saveGeneralButton"_s);
        QCOMPARE(m_settings->mode(), ConsoleSettings::Mode::Training);
        QCOMPARE(m_dialogs.confirmations().size(), 2);
    }

    void databaseTabShowsAndSwitches()
    {
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.show();
        QCOMPARE(find<QLabel>(dlg, u"databaseUrlLabel"_s)->text(), m_db->db()->url().redacted());
        QVERIFY(!find<QLabel>(dlg, u"databaseEngineLabel"_s)->text().isEmpty());
        auto* use = find<QPushButton>(dlg, u"useDatabaseButton"_s);
        QVERIFY(!use->isEnabled());
        const QString url = u"sqlite://"_s + m_dir.filePath(u"other.db"_s);
        type(dlg, u"newDatabaseUrlEdit"_s, url);
        click(dlg, u"testDatabaseButton"_s);
        QTRY_VERIFY(use->isEnabled());
        QVERIFY(!find<QLabel>(dlg, u"databaseResultLabel"_s)->text().isEmpty());
        QTest::mouseClick(use, Qt::LeftButton);
        QVERIFY2(m_dialogs.errors().isEmpty(), qPrintable(m_dialogs.errors().join(u'\n')));
        QCOMPARE(m_settings->databaseUrlWithoutPassword(), url);
        QCOMPARE(m_settings->mode(), ConsoleSettings::Mode::Shared);
    }

    void languageSwitchRetranslates()
    {
        // A stand-in catalogue: the test binary embeds no .qm files.
        class Marker final : public QTranslator
        {
        public:
            bool isEmpty() const override { return false; }
            QString translate(const char* context, const char* source, const char*, int) const override
            {
                return QByteArrayView(context).startsWith("paydesk::ui::") ? u"#"_s + QString::fromUtf8(source)
                                                                           : QString();
            }
        };
        Marker marker;
        QStringList requested;
        SettingsDialog dlg(m_services->channelEditing(), *m_services->database(), *m_settings, m_admin, m_dialogs);
        dlg.generalTab()->setTranslationInstaller([&](const QString& language) {
            requested << language;
            QCoreApplication::installTranslator(&marker);
            return language;
        });
        dlg.show();
        auto* label = find<QLabel>(dlg, u"languageLabel"_s);
        const QString before = label->text();
        auto* combo = find<QComboBox>(dlg, u"languageCombo"_s);
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(requested, QStringList { u"zh_CN"_s });
        QCOMPARE(m_settings->language(), u"zh_CN"_s);
        QTRY_COMPARE(label->text(), u"#"_s + before);
        QCOMPARE(find<QTabWidget>(dlg, u"settingsTabs"_s)->tabText(0), u"#WeChat Pay"_s);
        QCOMPARE(find<QPushButton>(dlg, u"saveWeChatButton"_s)->text(), u"#Save WeChat Pay"_s);
        QCoreApplication::removeTranslator(&marker);
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
