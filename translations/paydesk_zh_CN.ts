<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>paydesk::app::ConsoleApp</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk 收银台</translation>
    </message>
    <message>
        <source>The payment channels could not be started:
%1</source>
        <translation>支付渠道无法启动：
%1</translation>
    </message>
    <message>
        <source>Restart PayDesk for this change to take effect.</source>
        <translation>重新启动 PayDesk 后此更改才会生效。</translation>
    </message>
</context>
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
    <name>paydesk::ui::AdminPage</name>
    <message>
        <source>The username may use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>用户名只能包含字母、数字、“.”、“_”和“-”（最多 64 个字符）。</translation>
    </message>
    <message>
        <source>In training mode &quot;cashier&quot; and &quot;manager&quot; are the practice accounts. Choose another username.</source>
        <translation>培训模式下“cashier”和“manager”是练习账号，请换一个用户名。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>First administrator</source>
        <translation>第一个管理员</translation>
    </message>
    <message>
        <source>The administrator sets up payment channels and staff accounts.</source>
        <translation>管理员负责设置支付渠道和员工账号。</translation>
    </message>
    <message>
        <source>Remember this password: without it nobody can change the settings.</source>
        <translation>请牢记此密码：没有它，任何人都无法更改设置。</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>At least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::AlipayTab</name>
    <message>
        <source>New, not saved yet (%1)</source>
        <translation>新导入，尚未保存（%1）</translation>
    </message>
    <message>
        <source>Set (%1)</source>
        <translation>已设置（%1）</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Application private key</source>
        <translation>应用私钥</translation>
    </message>
    <message>
        <source>Keys (*.pem *.txt *.key);;All files (*)</source>
        <translation>密钥文件 (*.pem *.txt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Alipay public key</source>
        <translation>支付宝公钥</translation>
    </message>
    <message>
        <source>Keys (*.pem *.txt);;All files (*)</source>
        <translation>密钥文件 (*.pem *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saved. Payments now use these settings.</source>
        <translation>已保存。收款将使用这些设置。</translation>
    </message>
    <message>
        <source>Training mode: Alipay is the built-in simulator. Nothing here can be changed.</source>
        <translation>培训模式：支付宝为内置模拟器，此处不可更改。</translation>
    </message>
    <message>
        <source>App ID:</source>
        <translation>应用 ID（App ID）：</translation>
    </message>
    <message>
        <source>Seller ID (PID):</source>
        <translation>卖家 ID（PID）：</translation>
    </message>
    <message>
        <source>App private key:</source>
        <translation>应用私钥：</translation>
    </message>
    <message>
        <source>Alipay public key:</source>
        <translation>支付宝公钥：</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>网关地址：</translation>
    </message>
    <message>
        <source>Notify URL:</source>
        <translation>通知地址：</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Save Alipay</source>
        <translation>保存支付宝设置</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::AmountKeypad</name>
    <message>
        <source>Charge</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Charge this amount (Enter)</source>
        <translation>按此金额收款（回车）</translation>
    </message>
    <message>
        <source>Delete the last digit (Backspace)</source>
        <translation>删除最后一位（退格键）</translation>
    </message>
    <message>
        <source>Clear the amount (Esc)</source>
        <translation>清除金额（Esc）</translation>
    </message>
    <message>
        <source>Amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ApprovalsView</name>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>支付金额</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Reason for rejecting (required)</source>
        <translation>驳回原因（必填）</translation>
    </message>
    <message>
        <source>No refunds are waiting for approval.</source>
        <translation>没有待审批的退款。</translation>
    </message>
    <message>
        <source>Only a manager can approve or reject refunds.</source>
        <translation>只有经理可以批准或驳回退款。</translation>
    </message>
    <message>
        <source>You requested this refund, so another manager must approve it.</source>
        <translation>此退款由您申请，须由另一位经理审批。</translation>
    </message>
    <message>
        <source>Approving sends the refund to the channel at once.</source>
        <translation>批准后将立即向支付渠道发起退款。</translation>
    </message>
    <message>
        <source>Select a refund to approve or reject it.</source>
        <translation>请选择要批准或驳回的退款。</translation>
    </message>
    <message>
        <source>Approve the refund of %1 for order %2 requested by %3?</source>
        <translation>批准 %3 申请的订单 %2 退款 %1？</translation>
    </message>
    <message>
        <source>Reject the refund of %1 for order %2?</source>
        <translation>驳回订单 %2 的退款 %1？</translation>
    </message>
    <message>
        <source>Approve refund</source>
        <translation>批准退款</translation>
    </message>
    <message>
        <source>Reject refund</source>
        <translation>驳回退款</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::CashierScreen</name>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Cancel this QR</source>
        <translation>取消此二维码</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印小票</translation>
    </message>
    <message>
        <source>Enter the amount, choose WeChat Pay or Alipay, then press Charge or Enter.</source>
        <translation>输入金额，选择微信支付或支付宝，然后按“收款”或回车键。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>重打小票</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Creating the QR code…</source>
        <translation>正在生成二维码…</translation>
    </message>
    <message>
        <source>Waiting for the customer to scan and pay…</source>
        <translation>等待顾客扫码付款…</translation>
    </message>
    <message>
        <source>Result not confirmed yet. Do not hand over the goods; checking again…</source>
        <translation>支付结果尚未确认，请勿交付商品；正在重新查询…</translation>
    </message>
    <message>
        <source>Closing the order at the channel…</source>
        <translation>正在向支付渠道关闭订单…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Paid
%1
%2</source>
        <translation>收款成功
%1
%2</translation>
    </message>
    <message>
        <source>Payment failed
%1</source>
        <translation>支付失败
%1</translation>
    </message>
    <message>
        <source>Closed
The QR code can no longer be paid.</source>
        <translation>已关闭
该二维码已无法付款。</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>二维码已过期</translation>
    </message>
    <message>
        <source>Expired: closing the order…</source>
        <translation>已过期：正在关闭订单…</translation>
    </message>
    <message>
        <source>Expires in %1:%2</source>
        <translation>%1:%2 后过期</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n payment(s), %1 taken, %2 refunded</source>
        <translation>
            <numerusform>今日：%n 笔收款，收入 %1，退款 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer pays (simulator)</source>
        <translation>模拟顾客付款</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabaseCheck</name>
    <message>
        <source>Connected. The database is ready (schema version %1).</source>
        <translation>连接成功，数据库已就绪（结构版本 %1）。</translation>
    </message>
    <message>
        <source>Cannot use this database: %1</source>
        <translation>无法使用此数据库：%1</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabasePage</name>
    <message>
        <source>This is not a database address. Example: %1</source>
        <translation>这不是有效的数据库地址。示例：%1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Shared database</source>
        <translation>共享数据库</translation>
    </message>
    <message>
        <source>The PostgreSQL server all counters use.</source>
        <translation>所有收银台共用的 PostgreSQL 服务器。</translation>
    </message>
    <message>
        <source>Enter the server address, then test the connection. The test also prepares the database&apos;s tables.</source>
        <translation>请输入服务器地址，然后测试连接。测试时也会准备好数据库表。</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>The password is kept in this computer&apos;s settings, encrypted with the console&apos;s master key.</source>
        <translation>密码保存在本机设置中，并使用收银台的主密钥加密。</translation>
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
    <name>paydesk::ui::DatabaseTab</name>
    <message>
        <source>This is not a database address. Example: %1</source>
        <translation>这不是有效的数据库地址。示例：%1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Saved. PayDesk uses the new database after it restarts.</source>
        <translation>已保存。PayDesk 重新启动后将使用新数据库。</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>当前使用</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>PostgreSQL (shared by several counters)</source>
        <translation>PostgreSQL（多个收银台共用）</translation>
    </message>
    <message>
        <source>SQLite (kept on this computer)</source>
        <translation>SQLite（保存在本机）</translation>
    </message>
    <message>
        <source>Switch to a shared PostgreSQL server</source>
        <translation>切换到共享的 PostgreSQL 服务器</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Use this database</source>
        <translation>使用此数据库</translation>
    </message>
    <message>
        <source>A new database takes effect after PayDesk restarts. The password is stored encrypted with this computer&apos;s master key.</source>
        <translation>新数据库在 PayDesk 重新启动后生效。密码使用本机主密钥加密保存。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DialogService</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk</translation>
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
    <message>
        <source>The amount is more than what is left to refund.</source>
        <translation>金额超过了剩余可退金额。</translation>
    </message>
    <message>
        <source>Choose a reason for the refund.</source>
        <translation>请选择退款原因。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::FirstRunWizard</name>
    <message>
        <source>Set up PayDesk</source>
        <translation>设置 PayDesk</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::GeneralTab</name>
    <message>
        <source>Enter an amount in yuan, such as 500 or 500.00.</source>
        <translation>请输入金额（元），例如 500 或 500.00。</translation>
    </message>
    <message>
        <source>After a restart this counter uses the built-in simulator: no real money. The WeChat Pay and Alipay settings in this database are replaced by the simulator&apos;s; to go back you need the key files again. Switch to training mode?</source>
        <translation>重新启动后，此收银台将使用内置模拟器，不涉及真实资金。此数据库中的微信支付和支付宝设置会被模拟器的设置替换；若要切换回来，需要重新导入密钥文件。确定切换到培训模式？</translation>
    </message>
    <message>
        <source>After a restart this counter takes real money. Set up WeChat Pay or Alipay in their tabs before the first sale: until then the cashier cannot charge. Leave training mode?</source>
        <translation>重新启动后，此收银台将收取真实款项。请在第一笔交易前于对应标签页设置微信支付或支付宝，否则收银员无法收款。确定退出培训模式？</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>培训模式</translation>
    </message>
    <message>
        <source>Saved. Some changes take effect after PayDesk restarts.</source>
        <translation>已保存。部分更改需重新启动 PayDesk 后生效。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Training mode:</source>
        <translation>培训模式：</translation>
    </message>
    <message>
        <source>Practise with the built-in simulator (no real money)</source>
        <translation>使用内置模拟器练习（不涉及真实资金）</translation>
    </message>
    <message>
        <source>This counter is in training mode now. A change takes effect after PayDesk restarts.</source>
        <translation>此收银台当前处于培训模式。更改需重新启动 PayDesk 后生效。</translation>
    </message>
    <message>
        <source>A change takes effect after PayDesk restarts.</source>
        <translation>更改需重新启动 PayDesk 后生效。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Shop name on receipts:</source>
        <translation>小票上的店名：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>A payment&apos;s refunds above this in total need a manager (¥):</source>
        <translation>同一笔支付累计退款超过此金额需经理审批（¥）：</translation>
    </message>
    <message>
        <source>Each user&apos;s refunds above this per day need a manager (¥, 0 = no limit):</source>
        <translation>每人每日退款超过此金额需经理审批（¥，0 表示不限）：</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::LockScreen</name>
    <message>
        <source>Enter a user name and password or PIN.</source>
        <translation>请输入用户名和密码或 PIN 码。</translation>
    </message>
    <message>
        <source>Enter your password or PIN.</source>
        <translation>请输入密码或 PIN 码。</translation>
    </message>
    <message>
        <source>Only %1 or a manager can unlock this screen.</source>
        <translation>只有 %1 或经理可以解锁此屏幕。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Locked — sign in to continue</source>
        <translation>已锁定 — 请登录以继续</translation>
    </message>
    <message>
        <source>Locked by %1</source>
        <translation>由 %1 锁定</translation>
    </message>
    <message>
        <source>Manager&apos;s user name</source>
        <translation>经理用户名</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>密码或 PIN 码</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>A manager or admin can take over this counter</source>
        <translation>经理或管理员可接管此收银台</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::LoginDialog</name>
    <message>
        <source>Enter your user name and PIN.</source>
        <translation>请输入用户名和 PIN 码。</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Use password</source>
        <translation>使用密码</translation>
    </message>
    <message>
        <source>Use PIN</source>
        <translation>使用 PIN 码</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 s.</source>
        <translation>失败次数过多，请 %1 秒后重试。</translation>
    </message>
    <message>
        <source>Sign in - PayDesk</source>
        <translation>登录 - PayDesk</translation>
    </message>
    <message>
        <source>Sign in to PayDesk</source>
        <translation>登录 PayDesk</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>P&amp;IN:</source>
        <translation>PIN 码(&amp;I)：</translation>
    </message>
    <message>
        <source>4-8 digits</source>
        <translation>4-8 位数字</translation>
    </message>
    <message>
        <source>Switch between password and quick PIN sign-in</source>
        <translation>在密码登录和 PIN 码快速登录之间切换</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::MainWindow</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk 收银台</translation>
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
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <source>PayDesk (training)</source>
        <translation>PayDesk 收银台（培训模式）</translation>
    </message>
    <message>
        <source>PayDesk shop</source>
        <translation>PayDesk 商户</translation>
    </message>
    <message>
        <source>Receipt saved as %1</source>
        <translation>小票已保存为 %1</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>支付记录</translation>
    </message>
    <message>
        <source>Refund approvals</source>
        <translation>退款审批</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Training mode: payments go to the built-in simulator. No real money moves.</source>
        <translation>培训模式：收款发送到内置模拟器，不涉及真实资金。</translation>
    </message>
    <message>
        <source>Open the simulator&apos;s page</source>
        <translation>打开模拟器页面</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>退出登录(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Cashier</source>
        <comment>navigation: the counter</comment>
        <translation>收银台</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ModePage</name>
    <message>
        <source>How will this counter work?</source>
        <translation>此收银台如何使用？</translation>
    </message>
    <message>
        <source>You can change this later in Settings.</source>
        <translation>以后可以在“设置”中更改。</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>单机</translation>
    </message>
    <message>
        <source>This computer keeps all the data (SQLite). For a shop with one counter.</source>
        <translation>所有数据保存在本机（SQLite），适合只有一个收银台的店铺。</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <source>Several counters share one PostgreSQL server. Ask your IT contact for its address.</source>
        <translation>多个收银台共用一台 PostgreSQL 服务器。请向您的 IT 联系人索取地址。</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>No real money. A built-in simulated WeChat Pay and Alipay, for learning and practice.</source>
        <translation>不涉及真实资金。内置模拟的微信支付和支付宝，用于学习和练习。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentDetailPane</name>
    <message>
        <source>Requested</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>校验结果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Notification id</source>
        <translation>通知 ID</translation>
    </message>
    <message>
        <source>Refund no.</source>
        <translation>退款单号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>失败原因</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>起因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Select a notification to see its headers and body as received.</source>
        <translation>选择一条通知，查看收到的报文头和报文体。</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Payment not available</source>
        <translation>无法获取该支付</translation>
    </message>
    <message>
        <source>No payment selected</source>
        <translation>未选择支付</translation>
    </message>
    <message>
        <source>Select a payment in the table to see its history, notifications and refunds.</source>
        <translation>在表格中选择一笔支付，查看其历史、通知和退款。</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>paid %1</source>
        <translation>已付 %1</translation>
    </message>
    <message>
        <source>cashier %1</source>
        <translation>收银员 %1</translation>
    </message>
    <message>
        <source>channel no. %1</source>
        <translation>渠道单号 %1</translation>
    </message>
    <message>
        <source>Refunded %1 · in progress %2 · refundable %3</source>
        <translation>已退 %1 · 退款中 %2 · 可退 %3</translation>
    </message>
    <message>
        <source>Your role may not refund.</source>
        <translation>您的角色无权退款。</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>报文头</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>报文体</translation>
    </message>
    <message>
        <source>Refunded after it failed here</source>
        <translation>本地记为失败，渠道已退款</translation>
    </message>
    <message>
        <source>The channel reports this refund as paid out although PayDesk had recorded it as failed (%1). Check that the customer was not refunded twice.</source>
        <translation>支付渠道报告此退款已退出，但 PayDesk 曾记录其为失败（%1）。请核实顾客没有被重复退款。</translation>
    </message>
    <message>
        <source>amount %1</source>
        <translation>金额 %1</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentTableModel</name>
    <message>
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>Waiting for payment</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Paid after close</source>
        <translation>关闭后支付</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Channel transaction</source>
        <translation>渠道交易号</translation>
    </message>
    <message>
        <source>QR code issued by the channel</source>
        <translation>渠道已生成收款码</translation>
    </message>
    <message>
        <source>Channel notification</source>
        <translation>渠道支付通知</translation>
    </message>
    <message>
        <source>Status check (background)</source>
        <translation>后台查询状态</translation>
    </message>
    <message>
        <source>Status check (cashier screen)</source>
        <translation>收银界面查询状态</translation>
    </message>
    <message>
        <source>Checked with the channel on request</source>
        <translation>手动向渠道查询</translation>
    </message>
    <message>
        <source>Checked at expiry</source>
        <translation>到期时查询</translation>
    </message>
    <message>
        <source>Closed at expiry</source>
        <translation>到期关闭</translation>
    </message>
    <message>
        <source>Cancelled by the cashier</source>
        <translation>收银员取消</translation>
    </message>
    <message>
        <source>Found paid while cancelling</source>
        <translation>取消时发现已支付</translation>
    </message>
    <message>
        <source>Refund requested</source>
        <translation>已申请退款</translation>
    </message>
    <message>
        <source>Refund sent to the channel</source>
        <translation>退款已提交渠道</translation>
    </message>
    <message>
        <source>Refund approved</source>
        <translation>退款已审批</translation>
    </message>
    <message>
        <source>Refund rejected</source>
        <translation>退款被驳回</translation>
    </message>
    <message>
        <source>Refund checked with the channel</source>
        <translation>已向渠道查询退款</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentsBrowser</name>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Paid, incl. refunded</source>
        <translation>已支付（含已退款）</translation>
    </message>
    <message>
        <source>min ¥</source>
        <translation>最低 ¥</translation>
    </message>
    <message>
        <source>max ¥</source>
        <translation>最高 ¥</translation>
    </message>
    <message>
        <source>Order no. or channel transaction no.</source>
        <translation>订单号或渠道交易号</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Jump to oldest</source>
        <translation>跳到最早</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>All cashiers</source>
        <translation>全部收银员</translation>
    </message>
    <message>
        <source>“%1” is not an amount in yuan, e.g. 12.50</source>
        <translation>“%1”不是有效的金额（元），例如 12.50</translation>
    </message>
    <message>
        <source>No payments match.</source>
        <translation>没有符合条件的支付。</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) loaded; scroll for more.</source>
        <translation>
            <numerusform>已加载 %n 笔支付，向下滚动查看更多。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s).</source>
        <translation>
            <numerusform>共 %n 笔支付。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export payments</source>
        <translation>导出支付记录</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n payment(s).</source>
        <translation>
            <numerusform>已导出 %n 笔支付。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::ui::Receipt</name>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Payment receipt</source>
        <translation>收款凭证</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Thank you for your purchase</source>
        <translation>谢谢惠顾</translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation>重打</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::RefundDialog</name>
    <message>
        <source>Customer request</source>
        <translation>顾客要求</translation>
    </message>
    <message>
        <source>Goods returned</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Wrong amount charged</source>
        <translation>收错金额</translation>
    </message>
    <message>
        <source>Duplicate payment</source>
        <translation>重复支付</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Refund order %1</source>
        <translation>订单 %1 退款</translation>
    </message>
    <message>
        <source>%1 is reserved by refunds still in progress.</source>
        <translation>%1 已被处理中的退款占用。</translation>
    </message>
    <message>
        <source>e.g. 12.50</source>
        <translation>例如 12.50</translation>
    </message>
    <message>
        <source>Optional note (required for “Other”)</source>
        <translation>备注（选择“其他”时必填）</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>支付金额</translation>
    </message>
    <message>
        <source>Already refunded</source>
        <translation>已退金额</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>可退金额</translation>
    </message>
    <message>
        <source>Refund amount (¥)</source>
        <translation>退款金额（¥）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Enter an amount in yuan with at most two decimals.</source>
        <translation>请输入金额（元），最多两位小数。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>At most %1 can be refunded.</source>
        <translation>最多可退 %1。</translation>
    </message>
    <message>
        <source>Refund %1 of order %2 to the customer&apos;s %3 account?
This cannot be undone.</source>
        <translation>将订单 %2 的 %1 退回顾客的%3账户？
此操作无法撤销。</translation>
    </message>
    <message>
        <source>Confirm refund</source>
        <translation>确认退款</translation>
    </message>
    <message>
        <source>Sending the refund…</source>
        <translation>正在发起退款…</translation>
    </message>
    <message>
        <source>Refunded %1.</source>
        <translation>已退款 %1。</translation>
    </message>
    <message>
        <source>The refund of %1 is waiting for a manager&apos;s approval.</source>
        <translation>%1 的退款正在等待经理审批。</translation>
    </message>
    <message>
        <source>The channel refused the refund: %1</source>
        <translation>支付渠道拒绝了退款：%1</translation>
    </message>
    <message>
        <source>The refund of %1 was sent; the channel is processing it.</source>
        <translation>%1 的退款已发起，支付渠道正在处理。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Mode and language</source>
        <translation>模式与语言</translation>
    </message>
    <message>
        <source>%1
Details: %2</source>
        <translation>%1
详情：%2</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::TrainingAccountsPage</name>
    <message>
        <source>Practice accounts</source>
        <translation>练习账号</translation>
    </message>
    <message>
        <source>Training mode: no real money moves.</source>
        <translation>培训模式：不涉及真实资金。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Two more accounts are created, with the same password as the administrator:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;cashier&lt;/b&gt;: takes payments&lt;/li&gt;&lt;li&gt;&lt;b&gt;manager&lt;/b&gt;: approves refunds&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Sign in as them to practise charging and refunding. The built-in simulator plays the customer&apos;s WeChat Pay and Alipay.&lt;/p&gt;</source>
        <translation>&lt;p&gt;另外会创建两个账号，密码与管理员相同：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;cashier&lt;/b&gt;：收款&lt;/li&gt;&lt;li&gt;&lt;b&gt;manager&lt;/b&gt;：审批退款&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;用它们登录即可练习收款和退款。内置模拟器扮演顾客的微信支付和支付宝。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::WeChatPayTab</name>
    <message>
        <source>New, not saved yet (%1)</source>
        <translation>新导入，尚未保存（%1）</translation>
    </message>
    <message>
        <source>Set (%1)</source>
        <translation>已设置（%1）</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>New, not saved yet</source>
        <translation>新导入，尚未保存</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>Not used</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>Merchant API certificate (apiclient_cert.pem)</source>
        <translation>商户 API 证书（apiclient_cert.pem）</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Merchant private key (apiclient_key.pem)</source>
        <translation>商户私钥（apiclient_key.pem）</translation>
    </message>
    <message>
        <source>Keys (*.pem *.key);;All files (*)</source>
        <translation>密钥文件 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>APIv3 key file</source>
        <translation>APIv3 密钥文件</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>WeChat Pay platform certificate</source>
        <translation>微信支付平台证书</translation>
    </message>
    <message>
        <source>%1 (valid until %2)</source>
        <translation>%1（有效期至 %2）</translation>
    </message>
    <message>
        <source>WeChat Pay public key (pub_key.pem)</source>
        <translation>微信支付公钥（pub_key.pem）</translation>
    </message>
    <message>
        <source>Keys (*.pem);;All files (*)</source>
        <translation>密钥文件 (*.pem);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saved. Payments now use these settings.</source>
        <translation>已保存。收款将使用这些设置。</translation>
    </message>
    <message>
        <source>Training mode: WeChat Pay is the built-in simulator. Nothing here can be changed.</source>
        <translation>培训模式：微信支付为内置模拟器，此处不可更改。</translation>
    </message>
    <message>
        <source>Merchant ID (mchid):</source>
        <translation>商户号（mchid）：</translation>
    </message>
    <message>
        <source>AppID:</source>
        <translation>AppID：</translation>
    </message>
    <message>
        <source>API certificate serial:</source>
        <translation>API 证书序列号：</translation>
    </message>
    <message>
        <source>API private key:</source>
        <translation>API 私钥：</translation>
    </message>
    <message>
        <source>APIv3 key:</source>
        <translation>APIv3 密钥：</translation>
    </message>
    <message>
        <source>Platform certificates:</source>
        <translation>平台证书：</translation>
    </message>
    <message>
        <source>WeChat Pay public key ID:</source>
        <translation>微信支付公钥 ID：</translation>
    </message>
    <message>
        <source>WeChat Pay public key:</source>
        <translation>微信支付公钥：</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API 地址：</translation>
    </message>
    <message>
        <source>Notify URL:</source>
        <translation>通知地址：</translation>
    </message>
    <message>
        <source>From certificate…</source>
        <translation>从证书读取…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Save WeChat Pay</source>
        <translation>保存微信支付设置</translation>
    </message>
</context>
</TS>
