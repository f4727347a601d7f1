// gzip and zip for the bill downloads (BillMaker.h). Written against zlib directly so the zip entry names are the
// exact GBK bytes Alipay uses, without the UTF-8 flag a zip library would add or a codec it would apply.
#include <zlib.h>

#include <QtEndian>

#include "core/sim/BillMaker.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim::BillMaker {

namespace {

Result<QByteArray> deflateWith(const QByteArray& data, int windowBits)
{
    z_stream zs {};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return fail(ErrorCode::Internal, u"deflateInit2 failed"_s);
    QByteArray out(static_cast<qsizetype>(deflateBound(&zs, static_cast<uLong>(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const auto written = static_cast<qsizetype>(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return fail(ErrorCode::Internal, u"deflate failed"_s);
    out.truncate(written);
    return out;
}

Result<QByteArray> inflateWith(const QByteArray& data, int windowBits, qsizetype expected)
{
    z_stream zs {};
    if (inflateInit2(&zs, windowBits) != Z_OK)
        return fail(ErrorCode::Internal, u"inflateInit2 failed"_s);
    QByteArray out;
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
        zs.avail_out = static_cast<uInt>(chunk.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(chunk.constData(), chunk.size() - static_cast<qsizetype>(zs.avail_out));
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            break;
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || (expected >= 0 && out.size() != expected))
        return fail(ErrorCode::MalformedInput, u"corrupt compressed data"_s);
    return out;
}

void put16(QByteArray& b, quint16 v)
{
    char buf[2];
    qToLittleEndian(v, buf);
    b.append(buf, 2);
}

void put32(QByteArray& b, quint32 v)
{
    char buf[4];
    qToLittleEndian(v, buf);
    b.append(buf, 4);
}

quint16 get16(const QByteArray& b, qsizetype at)
{
    return qFromLittleEndian<quint16>(b.constData() + at);
}

quint32 get32(const QByteArray& b, qsizetype at)
{
    return qFromLittleEndian<quint32>(b.constData() + at);
}

} // namespace

QByteArray gzip(const QByteArray& data)
{
    return deflateWith(data, 15 + 16).value_or(QByteArray());
}

Result<QByteArray> gunzip(const QByteArray& data)
{
    return inflateWith(data, 15 + 16, -1);
}

Result<QByteArray> makeZip(const QList<QPair<QByteArray, QByteArray>>& entries, const QDateTime& time)
{
    const QDate d = time.date();
    const QTime t = time.time();
    const auto dosTime = static_cast<quint16>((t.hour() << 11) | (t.minute() << 5) | (t.second() / 2));
    const auto dosDate = static_cast<quint16>(((d.year() - 1980) << 9) | (d.month() << 5) | d.day());
    QByteArray zip;
    QByteArray central;
    for (const auto& [name, data] : entries) {
        auto packed = deflateWith(data, -15);
        if (!packed)
            return packed;
        const auto crc = static_cast<quint32>(
            crc32(0, reinterpret_cast<const Bytef*>(data.constData()), static_cast<uInt>(data.size())));
        const auto offset = static_cast<quint32>(zip.size());
        auto header = [&](QByteArray& b, bool centralEntry) {
            put32(b, centralEntry ? 0x02014b50 : 0x04034b50);
            if (centralEntry)
                put16(b, 20); // made by: MS-DOS, as the bill generator's zips
            put16(b, 20); // version needed
            put16(b, 0); // flags: no UTF-8 bit (11), no data descriptor
            put16(b, 8); // deflate
            put16(b, dosTime);
            put16(b, dosDate);
            put32(b, crc);
            put32(b, static_cast<quint32>(packed->size()));
            put32(b, static_cast<quint32>(data.size()));
            put16(b, static_cast<quint16>(name.size()));
            put16(b, 0); // extra
            if (centralEntry) {
                put16(b, 0); // comment
                put16(b, 0); // disk
                put16(b, 0); // internal attributes
                put32(b, 0); // external attributes
                put32(b, offset);
            }
            b.append(name);
        };
        header(zip, false);
        zip.append(*packed);
        header(central, true);
    }
    const auto centralOffset = static_cast<quint32>(zip.size());
    zip.append(central);
    put32(zip, 0x06054b50);
    put16(zip, 0);
    put16(zip, 0);
    put16(zip, static_cast<quint16>(entries.size()));
    put16(zip, static_cast<quint16>(entries.size()));
    put32(zip, static_cast<quint32>(central.size()));
    put32(zip, centralOffset);
    put16(zip, 0);
    return zip;
}

Result<QList<QPair<QByteArray, QByteArray>>> readZip(const QByteArray& zip)
{
    const qsizetype eocd = zip.lastIndexOf(QByteArrayLiteral("PK\x05\x06"));
    if (eocd < 0 || eocd + 22 > zip.size())
        return fail(ErrorCode::MalformedInput, u"not a zip file"_s);
    const int count = get16(zip, eocd + 10);
    qsizetype at = get32(zip, eocd + 16);
    QList<QPair<QByteArray, QByteArray>> out;
    for (int i = 0; i < count; ++i) {
        if (at + 46 > zip.size() || get32(zip, at) != 0x02014b50)
            return fail(ErrorCode::MalformedInput, u"bad central directory"_s);
        const quint16 method = get16(zip, at + 10);
        const quint32 compressed = get32(zip, at + 20);
        const quint32 size = get32(zip, at + 24);
        const quint16 nameLen = get16(zip, at + 28);
        const quint16 extraLen = get16(zip, at + 30);
        const quint16 commentLen = get16(zip, at + 32);
        const quint32 local = get32(zip, at + 42);
        const QByteArray name = zip.mid(at + 46, nameLen);
        if (local + 30 > static_cast<quint32>(zip.size()))
            return fail(ErrorCode::MalformedInput, u"bad local header"_s);
        const qsizetype dataAt = local + 30 + get16(zip, local + 26) + get16(zip, local + 28);
        const QByteArray raw = zip.mid(dataAt, compressed);
        if (method == 0) {
            out.append({ name, raw });
        } else if (method == 8) {
            auto data = inflateWith(raw, -15, size);
            if (!data)
                return tl::unexpected(data.error());
            out.append({ name, *data });
        } else {
            return fail(ErrorCode::MalformedInput, u"unsupported zip method"_s);
        }
        at += 46 + nameLen + extraLen + commentLen;
    }
    return out;
}

} // namespace paydesk::sim::BillMaker
