#include "core/channels/wechatpay/Gzip.h"

#include <zlib.h>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

constexpr int kGzipWindowBits = 15 + 16; // 16: gzip header and trailer, not raw zlib

} // namespace

Result<QByteArray> gunzip(const QByteArray& compressed, qsizetype maxOutput)
{
    if (compressed.size() < 18 || uchar(compressed.at(0)) != 0x1f || uchar(compressed.at(1)) != 0x8b) {
        return fail(ErrorCode::MalformedInput, u"not a gzip stream"_s);
    }
    z_stream zs {};
    if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) {
        return fail(ErrorCode::Internal, u"zlib inflateInit2 failed"_s);
    }
    QByteArray out;
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.constData()));
    zs.avail_in = uInt(compressed.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
        zs.avail_out = uInt(chunk.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return fail(ErrorCode::MalformedInput, u"corrupt gzip stream"_s);
        }
        const qsizetype produced = chunk.size() - qsizetype(zs.avail_out);
        if (out.size() + produced > maxOutput) {
            inflateEnd(&zs);
            return fail(ErrorCode::BodyTooLarge, u"decompressed bill exceeds the limit"_s);
        }
        out.append(chunk.constData(), produced);
        if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
            inflateEnd(&zs);
            return fail(ErrorCode::MalformedInput, u"truncated gzip stream"_s);
        }
    }
    const bool trailingGarbage = zs.avail_in != 0;
    inflateEnd(&zs);
    if (trailingGarbage) {
        return fail(ErrorCode::MalformedInput, u"data after the end of the gzip stream"_s);
    }
    return out;
}

Result<QByteArray> gzip(const QByteArray& data)
{
    z_stream zs {};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return fail(ErrorCode::Internal, u"zlib deflateInit2 failed"_s);
    }
    QByteArray out(qsizetype(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const qsizetype produced = qsizetype(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        return fail(ErrorCode::Internal, u"gzip compression failed"_s);
    }
    out.resize(produced);
    return out;
}

} // namespace paydesk::wechatpay
