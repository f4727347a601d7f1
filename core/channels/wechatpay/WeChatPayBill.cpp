// WeChatPayChannel::tradeBill: apply for the bill, download it, check its SHA-1, parse it.
#include "core/channels/wechatpay/Gzip.h"
#include "core/channels/wechatpay/TradeBillParser.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/channels/wechatpay/WeChatPayModels.h"
#include "core/crypto/Hash.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

Result<TradeBill> WeChatPayChannel::tradeBill(const QDate& day)
{
    if (!day.isValid()) {
        return refusal(ErrorCode::InvalidArgument, u"bill date is not valid"_s);
    }
    const QByteArray path =
        "/v3/bill/tradebill?bill_date=" + day.toString(Qt::ISODate).toLatin1() + "&bill_type=ALL&tar_type=GZIP";
    auto applied = m_transport.call("GET", path, QByteArray(), WeChatPayTransport::Retry::Safe);
    if (!applied) {
        return tl::unexpected(applied.error());
    }
    auto object = parseJsonObject(applied->body, u"trade bill answer"_s);
    if (!object) {
        return tl::unexpected(object.error());
    }
    const QString hashType = object->value(u"hash_type"_s).toString();
    const QByteArray hashValue = object->value(u"hash_value"_s).toString().toLatin1().toLower();
    const QByteArray downloadUrl = object->value(u"download_url"_s).toString().toUtf8();
    if (hashType != u"SHA1"_s || hashValue.size() != 40 || downloadUrl.isEmpty()) {
        return fail(ErrorCode::MalformedInput, u"trade bill answer lacks a SHA1 hash or a download_url"_s);
    }
    auto file = m_transport.download(downloadUrl, WeChatPayTransport::Retry::Safe);
    if (!file) {
        return tl::unexpected(file.error());
    }
    if (file->status != 200) {
        return fail(ErrorCode::ChannelSystemError, u"bill download answered HTTP %1"_s.arg(file->status));
    }
    auto csv = gunzip(file->body);
    if (!csv) {
        return tl::unexpected(csv.error());
    }
    // The official sample hashes the decompressed file (PROTOCOLS §1.5).
    if (!crypto::constantTimeEquals(crypto::sha1(*csv).toHex(), hashValue)) {
        return fail(ErrorCode::BillHashMismatch, u"bill SHA-1 differs from hash_value"_s);
    }
    auto bill = parseTradeBill(*csv);
    if (!bill) {
        return bill;
    }
    bill->date = day;
    bill->rawFile = *csv;
    return bill;
}

} // namespace paydesk::wechatpay
