// WeChat Pay's notification decoder (core/channels/wechatpay/NotificationDecoder), with a fixed APIv3 key. An AES-GCM
// tag cannot be forged, so each input is used twice:
// 1. as the notification body itself (envelope JSON, base64, the tag check; the seeds are sealed with the key);
// 2. as "EVENT_TYPE\nPLAINTEXT": the harness seals the plaintext with the key into a well-formed envelope, so the
//    fuzzer works on the decrypted TRANSACTION / REFUND JSON directly. That envelope must never fail to decrypt,
//    and the plaintext must come back as sealed.
#include "core/channels/wechatpay/NotificationDecoder.h"
#include "core/crypto/Aead.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

namespace {

// The 32-byte APIv3 key of tests/data/vectors/wechatpay/aead-aes-gcm.json (wechatpay-java's test key).
const QByteArray kApiV3Key = QByteArrayLiteral("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
constexpr QByteArrayView kNonce = "fuzzNonce012";
constexpr QByteArrayView kAad = "transaction";

bool isPlainEventType(QByteArrayView s)
{
    for (const char c : s) {
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
            return false;
    }
    return !s.isEmpty();
}

QByteArray sealedEnvelope(QByteArrayView eventType, QByteArrayView plaintext)
{
    const auto sealed = crypto::aesGcmEncrypt(kApiV3Key, kNonce, kAad, plaintext);
    PD_FUZZ_CHECK(sealed.has_value());
    return "{\"id\":\"EV-fuzz\",\"create_time\":\"2024-03-15T10:00:00+08:00\",\"resource_type\":\"encrypt-resource\","
           "\"event_type\":\""
        + eventType.toByteArray()
        + "\",\"summary\":\"fuzz\",\"resource\":{\"original_type\":\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\","
          "\"ciphertext\":\""
        + sealed->toBase64() + "\",\"associated_data\":\"" + kAad.toByteArray() + "\",\"nonce\":\""
        + kNonce.toByteArray() + "\"}}";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    (void)wechatpay::decodeNotification(input, kApiV3Key);

    const qsizetype newline = input.indexOf('\n');
    if (newline <= 0 || newline > 64)
        return 0;
    const QByteArrayView eventType = QByteArrayView(input).first(newline);
    if (!isPlainEventType(eventType))
        return 0;
    const QByteArrayView plaintext = QByteArrayView(input).sliced(newline + 1);
    const auto n = wechatpay::decodeNotification(sealedEnvelope(eventType, plaintext), kApiV3Key);
    if (n)
        PD_FUZZ_CHECK(n->plaintext == plaintext);
    else
        PD_FUZZ_CHECK(n.error().code != ErrorCode::DecryptFailed);
    return 0;
}
