// Notification verification throughput on one thread, next to OpenSSL's own rsa2048 verify figure.
//
//   bench_notify_verify [--seconds N] [--rounds R] [--only <name part>]
//
// (a) WeChat Pay: a TRANSACTION.SUCCESS notification signed with the wechatpay-java test platform key and
//     encrypted (AEAD_AES_256_GCM) with the wechatpay-java 32-byte APIv3 key. "verify + decrypt" is
//     ResponseVerifier::verify and openNotification (envelope, base64, AES-GCM with tag check), the two steps
//     WeChatPayChannel::parseNotification starts with; "parseNotification" is the whole entry point (plus the typed
//     decode of the plaintext and the merchant check).
// (b) Alipay: the real trade_status_sync vector (alipay-sdk, V1 rule). "notification verify" is
//     verifyNotificationRequest (form decode, sign content, RSA2 verify), the first half of
//     AlipayChannel::parseNotification; "parseNotification" adds the merchant check and the field decode.
// Keys are parsed once, before timing. The first line is the public-key operation alone on a ready digest, as
// `openssl speed` times it, through the EVP_PKEY_verify path every line below uses. `openssl speed -seconds 3
// rsa2048` runs in between our loops, R times, and medians are compared, so a change of machine load touches both
// sides; the load average is printed. Both sides are per user CPU second (openssl speed's default divisor); our
// wall-clock rate is shown beside it.
// The goal is >= 90% of OpenSSL's verify/s: the RSA public operation should dominate.

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <vector>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/alipay/AlipayNotification.h"
#include "core/channels/wechatpay/NotificationDecoder.h"
#include "core/channels/wechatpay/ResponseVerifier.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/crypto/Aead.h"
#include "core/crypto/Rsa.h"
#include "core/crypto/RsaDigest.h"
#include "core/log/Log.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void die(const QString& what)
{
    std::fprintf(stderr, "bench_notify_verify: %s\n", qPrintable(what));
    std::exit(1);
}

template <typename T>
T must(Result<T> r, const char* what)
{
    if (!r)
        die(QString::fromLatin1(what) + u": "_s + r.error().detail);
    return std::move(*r);
}

// User CPU seconds of the calling thread so far. `openssl speed` divides by its CPU user time (unless -elapsed), so
// a figure per wall second would be compared with one per CPU second: on a loaded machine that counts the time
// slices other processes take against our side only.
double threadUserSeconds()
{
    rusage u {};
    getrusage(RUSAGE_THREAD, &u);
    return double(u.ru_utime.tv_sec) + double(u.ru_utime.tv_usec) / 1e6;
}

struct Rate
{
    double perCpuSecond = 0; ///< operations per user CPU second, as openssl speed reports
    double perWallSecond = 0;
};

// Runs `once` for `seconds` (wall) on this thread. Each call must succeed. The clocks are read every 64 calls only,
// so timing costs nothing measurable next to a 15 us verification.
Rate run(double seconds, const std::function<bool()>& once)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = threadUserSeconds();
    const qint64 budget = qint64(seconds * 1e9);
    qint64 n = 0;
    qint64 elapsed = 0;
    do {
        for (int i = 0; i < 64; ++i) {
            if (!once())
                die(u"a verification failed during the run"_s);
        }
        n += 64;
        elapsed = timer.nsecsElapsed();
    } while (elapsed < budget);
    const double cpu = threadUserSeconds() - cpuStart;
    return { cpu > 0 ? double(n) / cpu : 0, double(n) / (double(elapsed) / 1e9) };
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

QByteArray loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    if (!f.open(QIODevice::ReadOnly))
        return "unknown";
    return f.readLine().trimmed();
}

struct OpenSslFigure
{
    bool ok = false;
    double verifyPerSec = 0;
};

OpenSslFigure opensslSpeed()
{
    QProcess p;
    p.start(u"openssl"_s, { u"speed"_s, u"-seconds"_s, u"3"_s, u"rsa2048"_s });
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    // "rsa 2048 bits 0.000554s 0.000016s   1805.2  62290.6": the last figure is verify/s.
    static const QRegularExpression re(
        u"^rsa\\s+2048 bits\\s+\\S+\\s+\\S+\\s+([0-9.]+)\\s+([0-9.]+)"_s, QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromLocal8Bit(p.readAllStandardOutput()));
    if (!m.hasMatch())
        return {};
    return { true, m.captured(2).toDouble() };
}

std::unique_ptr<wechatpay::WeChatPayChannel> wechatChannel(
    QByteArray& body, QMap<QByteArray, QByteArray>& headers, wechatpay::PlatformKeys& keys)
{
    const auto platformKey =
        must(crypto::RsaPrivateKey::fromPem(readData(u"vectors/wechatpay/keys/java-wechat_pay_private_key.pem"_s)),
            "wechat platform key");
    const auto cert =
        must(crypto::readCertificate(readData(u"vectors/wechatpay/keys/java-wechat_pay_certificate.pem"_s)),
            "wechat platform certificate");
    const QByteArray apiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"; // wechatpay-java test APIv3 key (32 bytes)

    wechatpay::WeChatPayConfig c;
    c.mchid = u"1900007291"_s;
    c.appid = u"wxd678efh567hg6787"_s;
    c.merchantCertSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
    c.merchantKey =
        must(crypto::RsaPrivateKey::fromPem(readData(u"vectors/wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s)),
            "merchant key");
    c.apiV3Key = crypto::SecureBytes(apiV3Key);
    c.platform.certificates.insert(
        cert.serialHex.toUpper(), must(crypto::RsaPublicKey::fromPem(cert.publicKeyPem), "cert key"));

    const QJsonObject transaction {
        { u"mchid"_s, c.mchid },
        { u"appid"_s, c.appid },
        { u"out_trade_no"_s, u"PD20240102000001"_s },
        { u"transaction_id"_s, u"4200001234202401020000000001"_s },
        { u"trade_type"_s, u"NATIVE"_s },
        { u"trade_state"_s, u"SUCCESS"_s },
        { u"trade_state_desc"_s, u"支付成功"_s },
        { u"bank_type"_s, u"OTHERS"_s },
        { u"attach"_s, QString() },
        { u"success_time"_s, u"2024-01-02T10:00:00+08:00"_s },
        { u"payer"_s, QJsonObject { { u"openid"_s, u"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"_s } } },
        { u"amount"_s,
            QJsonObject { { u"total"_s, 8888 },
                { u"payer_total"_s, 8888 },
                { u"currency"_s, u"CNY"_s },
                { u"payer_currency"_s, u"CNY"_s } } },
    };
    const QByteArray plaintext = QJsonDocument(transaction).toJson(QJsonDocument::Compact);
    const QByteArray nonce = "fdasflkja484";
    const QByteArray aad = "transaction";
    const QByteArray ciphertext = must(crypto::aesGcmEncrypt(apiV3Key, nonce, aad, plaintext), "encrypt");
    const QJsonObject envelope {
        { u"id"_s, u"EV-2018022511223320873"_s },
        { u"create_time"_s, u"2024-01-02T10:00:01+08:00"_s },
        { u"resource_type"_s, u"encrypt-resource"_s },
        { u"event_type"_s, u"TRANSACTION.SUCCESS"_s },
        { u"summary"_s, u"支付成功"_s },
        { u"resource"_s,
            QJsonObject { { u"original_type"_s, u"transaction"_s },
                { u"algorithm"_s, u"AEAD_AES_256_GCM"_s },
                { u"ciphertext"_s, QString::fromLatin1(ciphertext.toBase64()) },
                { u"associated_data"_s, QString::fromLatin1(aad) },
                { u"nonce"_s, QString::fromLatin1(nonce) } } },
    };
    body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    // Within the 300 s window for the whole run: the channel uses the system clock.
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray notifyNonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
    const QByteArray message = timestamp + '\n' + notifyNonce + '\n' + body + '\n';
    headers.insert("wechatpay-serial", cert.serialHex.toLatin1());
    headers.insert("wechatpay-timestamp", timestamp);
    headers.insert("wechatpay-nonce", notifyNonce);
    headers.insert("wechatpay-signature", must(platformKey.signSha256(message), "sign").toBase64());
    headers.insert("wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048");
    headers.insert("content-type", "application/json");
    keys = c.platform;
    return std::make_unique<wechatpay::WeChatPayChannel>(std::move(c));
}

std::unique_ptr<alipay::AlipayChannel> alipayChannel(QByteArray& body)
{
    const QJsonObject v = QJsonDocument::fromJson(readData(u"vectors/alipay/notify-verification.json"_s))
                              .object()
                              .value("vectors"_L1)
                              .toArray()
                              .at(0)
                              .toObject();
    body = v.value("example_form_body_generated_here"_L1).toString().toLatin1();
    alipay::AlipayConfig c;
    c.appId = u"2019073166072302"_s;
    c.sellerId = u"2088531891668739"_s;
    c.appPrivateKey =
        must(crypto::RsaPrivateKey::fromPem(readData(u"vectors/alipay/keys/java-prodcert-app-private-key.pem"_s)),
            "alipay app key");
    c.alipayPublicKey =
        must(crypto::RsaPublicKey::fromPem(readData(u"vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s)),
            "alipay public key");
    return must(alipay::AlipayChannel::create(std::move(c)), "alipay channel");
}

struct Loop
{
    const char* name;
    std::function<bool()> once;
    std::vector<double> rates; ///< per CPU second
    std::vector<double> wallRates; ///< per wall second
};

void line(const Loop& l, double ref)
{
    const double ours = median(l.rates);
    if (ref > 0)
        std::printf(
            "  %-52s %9.0f /s  %5.1f%%   (wall: %6.0f /s)\n", l.name, ours, 100.0 * ours / ref, median(l.wallRates));
    else
        std::printf("  %-52s %9.0f /s  (no openssl figure)\n", l.name, ours);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    double seconds = 1.5;
    int rounds = 3;
    QString only;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(u"--seconds"_s); i >= 0 && i + 1 < args.size())
        seconds = qMax(0.2, args.at(i + 1).toDouble());
    if (const qsizetype i = args.indexOf(u"--rounds"_s); i >= 0 && i + 1 < args.size())
        rounds = qBound(1, args.at(i + 1).toInt(), 9);
    // --only <substring>: run just the matching loops, without openssl (for a profiler).
    if (const qsizetype i = args.indexOf(u"--only"_s); i >= 0 && i + 1 < args.size())
        only = args.at(i + 1);
    spdlog::set_level(spdlog::level::warn);

    QByteArray wxBody;
    QMap<QByteArray, QByteArray> wxHeaders;
    wechatpay::PlatformKeys wxKeys;
    const auto wx = wechatChannel(wxBody, wxHeaders, wxKeys);
    const QByteArray wxApiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    const wechatpay::ResponseVerifier wxVerifier(wxKeys, nullptr);
    InboundHttp wxRequest;
    wxRequest.method = "POST";
    wxRequest.path = "/notify/wechatpay";
    wxRequest.headers = wxHeaders;
    wxRequest.body = wxBody;
    {
        const auto n = wx->parseNotification(wxRequest);
        if (!n || !n->trade || n->trade->state != TradeState::Paid || n->trade->total->minorUnits() != 8888)
            die(u"WeChat notification does not verify/decode: "_s + (n ? u"wrong content"_s : n.error().detail));
    }

    QByteArray aliBody;
    const auto ali = alipayChannel(aliBody);
    const auto aliKey =
        must(crypto::RsaPublicKey::fromPem(readData(u"vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s)),
            "alipay public key");
    InboundHttp aliRequest;
    aliRequest.method = "POST";
    aliRequest.path = "/notify/alipay";
    aliRequest.headers.insert("content-type", "application/x-www-form-urlencoded; charset=utf-8");
    aliRequest.body = aliBody;
    {
        const auto n = ali->parseNotification(aliRequest);
        if (!n || !n->trade || n->trade->state != TradeState::Paid || n->trade->total->minorUnits() != 10)
            die(u"Alipay notification does not verify/decode: "_s + (n ? u"wrong content"_s : n.error().detail));
    }

    const QJsonObject vec = QJsonDocument::fromJson(readData(u"vectors/alipay/notify-verification.json"_s))
                                .object()
                                .value("vectors"_L1)
                                .toArray()
                                .at(0)
                                .toObject();
    const QByteArray rawContent = vec.value("expected_sign_content"_L1).toString().toUtf8();
    const QByteArray rawSig =
        QByteArray::fromBase64(vec.value("params"_L1).toObject().value("sign"_L1).toString().toLatin1());
    const auto rawKey =
        must(crypto::RsaPublicKey::fromPem(readData(u"vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s)),
            "alipay public key");
    const QByteArray rawDigest = QCryptographicHash::hash(rawContent, QCryptographicHash::Sha256);
    if (!rawKey.verifySha256(rawContent, rawSig) || !crypto::verifySha256Digest(rawKey, rawDigest, rawSig))
        die(u"raw vector signature does not verify"_s);

    std::vector<Loop> loops;
    // Apples to apples with `openssl speed rsa2048`, which verifies a ready digest: the public-key operation alone.
    loops.push_back({ "ready-digest RSA verify, EVP_PKEY_verify",
        [&] {
            return crypto::verifySha256Digest(rawKey, rawDigest, rawSig);
        },
        {},
        {} });
    loops.push_back({ "RsaPublicKey::verifySha256 (hash + verify)",
        [&] {
            return rawKey.verifySha256(rawContent, rawSig);
        },
        {},
        {} });
    // The figure: what parseNotification does up to the plaintext (headers, serial, timestamp window,
    // signature, envelope, base64, AES-GCM with tag check); the typed decode of the plaintext is left out.
    loops.push_back({ "WeChat verify + decrypt",
        [&] {
            return wxVerifier.verify(wxRequest.headers, wxRequest.body, ErrorCode::SignatureInvalid)
                && wechatpay::openNotification(wxRequest.body, wxApiV3Key).has_value();
        },
        {},
        {} });
    loops.push_back({ "WeChat parseNotification (+ JSON decode, merchant)",
        [&] {
            return wx->parseNotification(wxRequest).has_value();
        },
        {},
        {} });
    // The Alipay figure: the verification half of parseNotification (form, sign content, RSA2).
    loops.push_back({ "Alipay notification verify",
        [&] {
            return alipay::verifyNotificationRequest(aliRequest, aliKey).has_value();
        },
        {},
        {} });
    loops.push_back({ "Alipay parseNotification (form, verify, decode)",
        [&] {
            return ali->parseNotification(aliRequest).has_value();
        },
        {},
        {} });
    // The steps, for finding where time goes (--only stage): each is part of a line above.
    const auto opened = must(wechatpay::openNotification(wxRequest.body, wxApiV3Key), "open");
    const QByteArray stageNonce = "fdasflkja484";
    const QByteArray stageAad = "transaction";
    const QByteArray sealed = QByteArray::fromBase64(QJsonDocument::fromJson(wxBody)
                                                         .object()
                                                         .value("resource"_L1)
                                                         .toObject()
                                                         .value("ciphertext"_L1)
                                                         .toString()
                                                         .toLatin1());
    const QByteArray wxMessage = wechatpay::ResponseVerifier::message(
        wxHeaders.value("wechatpay-timestamp"), wxHeaders.value("wechatpay-nonce"), wxBody);
    std::vector<Loop> stages;
    stages.push_back({ "stage: WeChat ResponseVerifier::verify",
        [&] {
            return bool(wxVerifier.verify(wxRequest.headers, wxRequest.body, ErrorCode::SignatureInvalid));
        },
        {},
        {} });
    stages.push_back({ "stage: WeChat verifySha256 of the signed message",
        [&] {
            return wxKeys.certificates.first().verifySha256(
                wxMessage, QByteArray::fromBase64(wxHeaders.value("wechatpay-signature")));
        },
        {},
        {} });
    stages.push_back({ "stage: WeChat openNotification",
        [&] {
            return wechatpay::openNotification(wxRequest.body, wxApiV3Key).has_value();
        },
        {},
        {} });
    stages.push_back({ "stage: WeChat aesGcmDecrypt",
        [&] {
            return crypto::aesGcmDecrypt(wxApiV3Key, stageNonce, stageAad, sealed).has_value();
        },
        {},
        {} });
    stages.push_back({ "stage: WeChat decodeNotification",
        [&] {
            return wechatpay::decodeNotification(wxRequest.body, wxApiV3Key).has_value();
        },
        {},
        {} });
    if (only == u"stage"_s) {
        for (auto& l : stages) {
            const Rate rate = run(seconds, l.once);
            std::printf("  %-52s %9.0f /s  %7.2f us per CPU  (wall: %6.0f /s)\n",
                l.name,
                rate.perCpuSecond,
                1e6 / rate.perCpuSecond,
                rate.perWallSecond);
        }
        return 0;
    }
    if (!only.isEmpty()) {
        for (auto& l : loops) {
            if (QString::fromLatin1(l.name).contains(only, Qt::CaseInsensitive)) {
                const Rate rate = run(seconds, l.once);
                std::printf(
                    "  %-52s %9.0f /s per CPU  (wall: %6.0f /s)\n", l.name, rate.perCpuSecond, rate.perWallSecond);
            }
        }
        return 0;
    }

    const QByteArray loadBefore = loadAverage();
    std::printf("notification verification, one thread; %d rounds of openssl speed (3 s) then each loop (%.1f s)\n",
        rounds,
        seconds);
    std::fflush(stdout);
    std::vector<double> ref;
    for (int r = 0; r < rounds; ++r) {
        // Interleaved, so a change in machine load touches both sides of a ratio alike.
        if (const OpenSslFigure f = opensslSpeed(); f.ok)
            ref.push_back(f.verifyPerSec);
        for (auto& l : loops) {
            const Rate rate = run(seconds, l.once);
            l.rates.push_back(rate.perCpuSecond);
            l.wallRates.push_back(rate.perWallSecond);
        }
    }
    const double refMedian = ref.empty() ? 0 : median(ref);
    std::printf(
        "load average (/proc/loadavg) before: %s, after: %s\n", loadBefore.constData(), loadAverage().constData());
    if (refMedian > 0) {
        std::printf("  %-52s %9.0f /s  (median of", "openssl speed -seconds 3 rsa2048, verify", refMedian);
        for (double v : ref)
            std::printf(" %.0f", v);
        std::printf(")\n");
    } else {
        std::printf("  openssl speed figure unavailable\n");
    }
    std::printf("medians per user CPU second (openssl speed's divisor); %% of openssl's verify/s:\n");
    for (const auto& l : loops)
        line(l, refMedian);
    std::printf("goal: >= 90%% of OpenSSL's rsa2048 verify/s\n");
    return 0;
}
