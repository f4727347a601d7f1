// Notification verification throughput, next to OpenSSL's own rsa2048 verify figure.
//
//   bench_notify_verify [--seconds N]
//
// (a) WeChat Pay: a TRANSACTION.SUCCESS notification signed with the wechatpay-java test platform key and
//     encrypted (AEAD_AES_256_GCM) with the wechatpay-java 32-byte APIv3 key, through WeChatPayChannel::parseNotification
//     (serial lookup, timestamp window, RSA verify, AES-GCM decrypt with tag check, JSON decode, merchant check).
// (b) Alipay: the real trade_status_sync vector (alipay-sdk, V1 rule) through AlipayChannel::parseNotification
//     (form decode, sign content, RSA2 verify, field decode).
// Each runs on one thread and on all cores; `openssl speed -seconds 3 rsa2048` (and `-multi <cores>`) gives the
// reference, and a line for crypto::RsaPublicKey::verifySha256 alone shows the floor under both adapters.
// The goal is >= 90% of OpenSSL's verify/s: the RSA public operation should dominate. Run it on an idle machine:
// the OpenSSL figure and ours are taken at different moments.

#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/crypto/Aead.h"
#include "core/crypto/Rsa.h"
#include "core/crypto/RsaDigest.h"
#include "core/log/Log.h"
#include "tests/support/TestSupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

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

// Runs `once` on `threads` threads for `seconds`; returns operations per second. Each call must succeed.
double run(int threads, double seconds, const std::function<bool()>& once)
{
    std::atomic<bool> stop{false};
    std::atomic<bool> failed{false};
    std::vector<qint64> counts(size_t(threads), 0);
    std::vector<std::thread> pool;
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            qint64 n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                if (!once()) {
                    failed = true;
                    break;
                }
                ++n;
            }
            counts[size_t(t)] = n;
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(qint64(seconds * 1000)));
    stop = true;
    for (auto& th : pool)
        th.join();
    const double elapsed = double(timer.nsecsElapsed()) / 1e9;
    if (failed)
        die(u"a verification failed during the run"_s);
    qint64 total = 0;
    for (qint64 c : counts)
        total += c;
    return double(total) / elapsed;
}

struct OpenSslFigure {
    bool ok = false;
    double verifyPerSec = 0;
};

OpenSslFigure opensslSpeed(int multi)
{
    QStringList args{u"speed"_s, u"-seconds"_s, u"3"_s};
    if (multi > 1)
        args << u"-multi"_s << QString::number(multi);
    args << u"rsa2048"_s;
    QProcess p;
    p.start(u"openssl"_s, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return {};
    // "rsa 2048 bits 0.000554s 0.000016s   1805.2  62290.6": the last figure is verify/s.
    static const QRegularExpression re(u"^rsa\\s+2048 bits\\s+\\S+\\s+\\S+\\s+([0-9.]+)\\s+([0-9.]+)"_s,
                                       QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromLocal8Bit(p.readAllStandardOutput()));
    if (!m.hasMatch())
        return {};
    return {true, m.captured(2).toDouble()};
}

std::unique_ptr<wechatpay::WeChatPayChannel> wechatChannel(QByteArray& body, QMap<QByteArray, QByteArray>& headers)
{
    const auto platformKey = must(crypto::RsaPrivateKey::fromPem(readData(u"vectors/wechatpay/keys/java-wechat_pay_private_key.pem"_s)),
                                  "wechat platform key");
    const auto cert = must(crypto::readCertificate(readData(u"vectors/wechatpay/keys/java-wechat_pay_certificate.pem"_s)),
                           "wechat platform certificate");
    const QByteArray apiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"; // wechatpay-java test APIv3 key (32 bytes)

    wechatpay::WeChatPayConfig c;
    c.mchid = u"1900007291"_s;
    c.appid = u"wxd678efh567hg6787"_s;
    c.merchantCertSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
    c.merchantKey = must(crypto::RsaPrivateKey::fromPem(readData(u"vectors/wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s)),
                         "merchant key");
    c.apiV3Key = crypto::SecureBytes(apiV3Key);
    c.platform.certificates.insert(cert.serialHex.toUpper(), must(crypto::RsaPublicKey::fromPem(cert.publicKeyPem), "cert key"));

    const QJsonObject transaction{
        {u"mchid"_s, c.mchid},
        {u"appid"_s, c.appid},
        {u"out_trade_no"_s, u"PD20240102000001"_s},
        {u"transaction_id"_s, u"4200001234202401020000000001"_s},
        {u"trade_type"_s, u"NATIVE"_s},
        {u"trade_state"_s, u"SUCCESS"_s},
        {u"trade_state_desc"_s, u"支付成功"_s},
        {u"bank_type"_s, u"OTHERS"_s},
        {u"attach"_s, QString()},
        {u"success_time"_s, u"2024-01-02T10:00:00+08:00"_s},
        {u"payer"_s, QJsonObject{{u"openid"_s, u"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"_s}}},
        {u"amount"_s, QJsonObject{{u"total"_s, 8888}, {u"payer_total"_s, 8888}, {u"currency"_s, u"CNY"_s},
                                  {u"payer_currency"_s, u"CNY"_s}}},
    };
    const QByteArray plaintext = QJsonDocument(transaction).toJson(QJsonDocument::Compact);
    const QByteArray nonce = "fdasflkja484";
    const QByteArray aad = "transaction";
    const QByteArray ciphertext = must(crypto::aesGcmEncrypt(apiV3Key, nonce, aad, plaintext), "encrypt");
    const QJsonObject envelope{
        {u"id"_s, u"EV-2018022511223320873"_s},
        {u"create_time"_s, u"2024-01-02T10:00:01+08:00"_s},
        {u"resource_type"_s, u"encrypt-resource"_s},
        {u"event_type"_s, u"TRANSACTION.SUCCESS"_s},
        {u"summary"_s, u"支付成功"_s},
        {u"resource"_s, QJsonObject{{u"original_type"_s, u"transaction"_s},
                                    {u"algorithm"_s, u"AEAD_AES_256_GCM"_s},
                                    {u"ciphertext"_s, QString::fromLatin1(ciphertext.toBase64())},
                                    {u"associated_data"_s, QString::fromLatin1(aad)},
                                    {u"nonce"_s, QString::fromLatin1(nonce)}}},
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
    return std::make_unique<wechatpay::WeChatPayChannel>(std::move(c));
}

std::unique_ptr<alipay::AlipayChannel> alipayChannel(QByteArray& body)
{
    const QJsonObject v = QJsonDocument::fromJson(readData(u"vectors/alipay/notify-verification.json"_s))
                              .object().value("vectors"_L1).toArray().at(0).toObject();
    body = v.value("example_form_body_generated_here"_L1).toString().toLatin1();
    alipay::AlipayConfig c;
    c.appId = u"2019073166072302"_s;
    c.sellerId = u"2088531891668739"_s;
    c.appPrivateKey = must(crypto::RsaPrivateKey::fromPem(readData(u"vectors/alipay/keys/java-prodcert-app-private-key.pem"_s)),
                           "alipay app key");
    c.alipayPublicKey = must(crypto::RsaPublicKey::fromPem(readData(u"vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s)),
                             "alipay public key");
    return must(alipay::AlipayChannel::create(std::move(c)), "alipay channel");
}

void line(const char* name, double ours, const OpenSslFigure& ref)
{
    if (ref.ok)
        std::printf("  %-34s %10.0f /s   openssl rsa2048 verify %10.0f /s   ratio %5.1f%%\n", name, ours, ref.verifyPerSec,
                    100.0 * ours / ref.verifyPerSec);
    else
        std::printf("  %-34s %10.0f /s   (openssl speed figure unavailable)\n", name, ours);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    double seconds = 3;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(u"--seconds"_s); i >= 0 && i + 1 < args.size())
        seconds = qMax(0.5, args.at(i + 1).toDouble());
    spdlog::set_level(spdlog::level::warn);
    const int cores = qMax(1, QThread::idealThreadCount());

    QByteArray wxBody;
    QMap<QByteArray, QByteArray> wxHeaders;
    const auto wx = wechatChannel(wxBody, wxHeaders);
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

    // The floor under both adapters: crypto::RsaPublicKey::verifySha256 alone (EVP_DigestVerify, SHA-256 included)
    // over the Alipay vector's sign content.
    const QJsonObject vec = QJsonDocument::fromJson(readData(u"vectors/alipay/notify-verification.json"_s))
                                .object().value("vectors"_L1).toArray().at(0).toObject();
    const QByteArray rawContent = vec.value("expected_sign_content"_L1).toString().toUtf8();
    const QByteArray rawSig = QByteArray::fromBase64(vec.value("params"_L1).toObject().value("sign"_L1).toString().toLatin1());
    const auto rawKey = must(crypto::RsaPublicKey::fromPem(readData(u"vectors/alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s)),
                             "alipay public key");
    if (!rawKey.verifySha256(rawContent, rawSig))
        die(u"raw vector signature does not verify"_s);
    const auto rawOnce = [&] { return rawKey.verifySha256(rawContent, rawSig); };
    // Apples to apples with `openssl speed rsa2048`, which verifies a ready digest: the public-key operation alone.
    const QByteArray rawDigest = QCryptographicHash::hash(rawContent, QCryptographicHash::Sha256);
    if (!crypto::verifySha256Digest(rawKey, rawDigest, rawSig))
        die(u"raw vector digest does not verify"_s);
    const auto digestOnce = [&] { return crypto::verifySha256Digest(rawKey, rawDigest, rawSig); };

    const auto wxOnce = [&] { return bool(wx->parseNotification(wxRequest)); };
    const auto aliOnce = [&] { return bool(ali->parseNotification(aliRequest)); };

    std::printf("notification verification, %.1f s per run, %d core(s)\n", seconds, cores);
    std::fflush(stdout);
    const double dig1 = run(1, seconds, digestOnce);
    const double raw1 = run(1, seconds, rawOnce);
    const double wx1 = run(1, seconds, wxOnce);
    const double ali1 = run(1, seconds, aliOnce);
    const double digN = run(cores, seconds, digestOnce);
    const double rawN = run(cores, seconds, rawOnce);
    const double wxN = run(cores, seconds, wxOnce);
    const double aliN = run(cores, seconds, aliOnce);
    const OpenSslFigure ref1 = opensslSpeed(1);
    const OpenSslFigure refN = cores > 1 ? opensslSpeed(cores) : ref1;

    std::printf("one thread\n");
    line("verify of a ready digest (floor)", dig1, ref1);
    line("RsaPublicKey::verifySha256 only", raw1, ref1);
    line("WeChat verify+decrypt+decode", wx1, ref1);
    line("Alipay verify+decode (V1)", ali1, ref1);
    std::printf("all %d core(s)\n", cores);
    line("verify of a ready digest (floor)", digN, refN);
    line("RsaPublicKey::verifySha256 only", rawN, refN);
    line("WeChat verify+decrypt+decode", wxN, refN);
    line("Alipay verify+decode (V1)", aliN, refN);
    std::printf("goal: >= 90%% of OpenSSL's rsa2048 verify/s\n");
    return 0;
}
