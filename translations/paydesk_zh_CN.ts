<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>paydesk::sim::SimPage</name>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Scan and pay</source>
        <translation>扫码并支付</translation>
    </message>
    <message>
        <source>Scan only</source>
        <translation>仅扫码</translation>
    </message>
    <message>
        <source>Payment fails</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>No open orders. Create one at the cashier screen.</source>
        <translation>没有待支付订单。请在收银界面创建。</translation>
    </message>
    <message>
        <source>PayDesk payment simulator</source>
        <translation>PayDesk 支付模拟器</translation>
    </message>
    <message>
        <source>Training mode: no real money moves. Press a button to act as the customer.</source>
        <translation>培训模式：不会产生真实资金往来。点击按钮即可模拟顾客操作。</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Goods</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabaseStatusPage</name>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Engine:</source>
        <translation>引擎：</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>结构版本：</translation>
    </message>
    <message>
        <source>Staff accounts:</source>
        <translation>员工账号：</translation>
    </message>
    <message>
        <source>Payments:</source>
        <translation>支付单：</translation>
    </message>
    <message>
        <source>Last event:</source>
        <translation>最新事件：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connected, not migrated</source>
        <translation>已连接，尚未升级</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No staff accounts yet. Create the first administrator with:
paydeskctl user add NAME --role admin</source>
        <translation>还没有员工账号。请先用以下命令创建第一个管理员：
paydeskctl user add 用户名 --role admin</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ErrorText</name>
    <message>
        <source>Some of the information entered is not valid.</source>
        <translation>输入的部分信息无效。</translation>
    </message>
    <message>
        <source>The amount is not valid. Enter yuan with at most two decimals, e.g. 12.34.</source>
        <translation>金额无效。请以元为单位输入，最多两位小数，例如 12.34。</translation>
    </message>
    <message>
        <source>The amounts are in different currencies.</source>
        <translation>金额的币种不一致。</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
    <message>
        <source>A message could not be read: it is malformed.</source>
        <translation>报文格式错误，无法读取。</translation>
    </message>
    <message>
        <source>A message was too large and was refused.</source>
        <translation>报文过大，已拒绝。</translation>
    </message>
    <message>
        <source>The record was not found.</source>
        <translation>未找到该记录。</translation>
    </message>
    <message>
        <source>A record with this name already exists.</source>
        <translation>同名记录已存在。</translation>
    </message>
    <message>
        <source>This request was already made with different details.</source>
        <translation>该请求已用不同的内容提交过。</translation>
    </message>
    <message>
        <source>This action is not possible in the record&apos;s current state.</source>
        <translation>该记录当前状态下不能执行此操作。</translation>
    </message>
    <message>
        <source>The record was changed meanwhile. Refresh and try again.</source>
        <translation>记录已被他人修改，请刷新后重试。</translation>
    </message>
    <message>
        <source>The database cannot be reached. Check the connection.</source>
        <translation>无法连接数据库，请检查连接。</translation>
    </message>
    <message>
        <source>The database reported an error.</source>
        <translation>数据库报告了错误。</translation>
    </message>
    <message>
        <source>The database refused a change that would break its rules.</source>
        <translation>数据库拒绝了违反约束的修改。</translation>
    </message>
    <message>
        <source>The database could not be prepared (migration failed).</source>
        <translation>数据库准备失败（升级未成功）。</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>This needs the approval of a second person.</source>
        <translation>此操作需要另一人审批。</translation>
    </message>
    <message>
        <source>A cryptographic operation failed.</source>
        <translation>加密运算失败。</translation>
    </message>
    <message>
        <source>A key or certificate is not valid.</source>
        <translation>密钥或证书无效。</translation>
    </message>
    <message>
        <source>A signature did not verify. Check the merchant keys.</source>
        <translation>签名验证失败，请检查商户密钥。</translation>
    </message>
    <message>
        <source>The payment channel&apos;s answer was not correctly signed and was ignored.</source>
        <translation>支付渠道的应答签名不正确，已忽略。</translation>
    </message>
    <message>
        <source>A message was signed with an unknown certificate or public key.</source>
        <translation>报文使用了未知的证书或公钥签名。</translation>
    </message>
    <message>
        <source>A message was too old or from the future. Check the computer&apos;s clock.</source>
        <translation>报文时间戳过期或超前，请检查电脑时钟。</translation>
    </message>
    <message>
        <source>A message could not be decrypted. Check the API key.</source>
        <translation>报文无法解密，请检查 API 密钥。</translation>
    </message>
    <message>
        <source>The message belongs to another merchant and was refused.</source>
        <translation>报文属于其他商户，已拒绝。</translation>
    </message>
    <message>
        <source>The amount does not match the order and was refused.</source>
        <translation>金额与订单不符，已拒绝。</translation>
    </message>
    <message>
        <source>The order has already been paid.</source>
        <translation>订单已支付。</translation>
    </message>
    <message>
        <source>The order has been closed.</source>
        <translation>订单已关闭。</translation>
    </message>
    <message>
        <source>The payment channel does not know this order.</source>
        <translation>支付渠道查无此订单。</translation>
    </message>
    <message>
        <source>The merchant account balance is not enough for this refund.</source>
        <translation>商户账户余额不足，无法退款。</translation>
    </message>
    <message>
        <source>The payment channel asks to slow down. Try again shortly.</source>
        <translation>支付渠道请求过于频繁，请稍后重试。</translation>
    </message>
    <message>
        <source>The payment channel had a system error. It will be retried.</source>
        <translation>支付渠道系统错误，将自动重试。</translation>
    </message>
    <message>
        <source>The payment channel refused the request.</source>
        <translation>支付渠道拒绝了该请求。</translation>
    </message>
    <message>
        <source>The payment channel did not answer in time. The result will be checked again.</source>
        <translation>支付渠道响应超时，系统将再次查询结果。</translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation>网络不可用。</translation>
    </message>
    <message>
        <source>The downloaded bill is damaged (checksum mismatch).</source>
        <translation>下载的对账单已损坏（校验值不符）。</translation>
    </message>
    <message>
        <source>An unexpected error occurred.</source>
        <translation>发生了意外错误。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::MainWindow</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk 收银台</translation>
    </message>
    <message>
        <source>PayDesk merchant console</source>
        <translation>PayDesk 商户收银台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About PayDesk</source>
        <translation>关于 PayDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Database: not connected</source>
        <translation>数据库：未连接</translation>
    </message>
    <message>
        <source>About PayDesk</source>
        <translation>关于 PayDesk</translation>
    </message>
    <message>
        <source>PayDesk %1
A merchant console for WeChat Pay and Alipay QR payments.</source>
        <translation>PayDesk %1
微信支付与支付宝扫码收款的商户收银台。</translation>
    </message>
</context>
</TS>
