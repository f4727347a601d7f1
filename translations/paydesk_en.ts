<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>paydesk::app::ConsoleApp</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk</translation>
    </message>
    <message>
        <source>The payment channels could not be started:
%1</source>
        <translation>The payment channels could not be started:
%1</translation>
    </message>
    <message>
        <source>Restart PayDesk for this change to take effect.</source>
        <translation>Restart PayDesk for this change to take effect.</translation>
    </message>
</context>
<context>
    <name>paydesk::sim::SimPage</name>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>Scan and pay</source>
        <translation>Scan and pay</translation>
    </message>
    <message>
        <source>Scan only</source>
        <translation>Scan only</translation>
    </message>
    <message>
        <source>Payment fails</source>
        <translation>Payment fails</translation>
    </message>
    <message>
        <source>No open orders. Create one at the cashier screen.</source>
        <translation>No open orders. Create one at the cashier screen.</translation>
    </message>
    <message>
        <source>PayDesk payment simulator</source>
        <translation>PayDesk payment simulator</translation>
    </message>
    <message>
        <source>Training mode: no real money moves. Press a button to act as the customer.</source>
        <translation>Training mode: no real money moves. Press a button to act as the customer.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>Order number</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Goods</source>
        <translation>Goods</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::AdminPage</name>
    <message>
        <source>The username may use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>The username may use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</translation>
    </message>
    <message>
        <source>In training mode &quot;cashier&quot; and &quot;manager&quot; are the practice accounts. Choose another username.</source>
        <translation>In training mode &quot;cashier&quot; and &quot;manager&quot; are the practice accounts. Choose another username.</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
    <message>
        <source>First administrator</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <source>The administrator sets up payment channels and staff accounts.</source>
        <translation>The administrator sets up payment channels and staff accounts.</translation>
    </message>
    <message>
        <source>Remember this password: without it nobody can change the settings.</source>
        <translation>Remember this password: without it nobody can change the settings.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>Password again:</translation>
    </message>
    <message>
        <source>At least 8 characters</source>
        <translation>At least 8 characters</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::AlipayTab</name>
    <message>
        <source>New, not saved yet (%1)</source>
        <translation>New, not saved yet (%1)</translation>
    </message>
    <message>
        <source>Set (%1)</source>
        <translation>Set (%1)</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>Application private key</source>
        <translation>Application private key</translation>
    </message>
    <message>
        <source>Keys (*.pem *.txt *.key);;All files (*)</source>
        <translation>Keys (*.pem *.txt *.key);;All files (*)</translation>
    </message>
    <message>
        <source>Alipay public key</source>
        <translation>Alipay public key</translation>
    </message>
    <message>
        <source>Keys (*.pem *.txt);;All files (*)</source>
        <translation>Keys (*.pem *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Saved. Payments now use these settings.</source>
        <translation>Saved. Payments now use these settings.</translation>
    </message>
    <message>
        <source>Training mode: Alipay is the built-in simulator. Nothing here can be changed.</source>
        <translation>Training mode: Alipay is the built-in simulator. Nothing here can be changed.</translation>
    </message>
    <message>
        <source>App ID:</source>
        <translation>App ID:</translation>
    </message>
    <message>
        <source>Seller ID (PID):</source>
        <translation>Seller ID (PID):</translation>
    </message>
    <message>
        <source>App private key:</source>
        <translation>App private key:</translation>
    </message>
    <message>
        <source>Alipay public key:</source>
        <translation>Alipay public key:</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>Gateway:</translation>
    </message>
    <message>
        <source>Notify URL:</source>
        <translation>Notify URL:</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Save Alipay</source>
        <translation>Save Alipay</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::AmountKeypad</name>
    <message>
        <source>Charge</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Charge this amount (Enter)</source>
        <translation>Charge this amount (Enter)</translation>
    </message>
    <message>
        <source>Delete the last digit (Backspace)</source>
        <translation>Delete the last digit (Backspace)</translation>
    </message>
    <message>
        <source>Clear the amount (Esc)</source>
        <translation>Clear the amount (Esc)</translation>
    </message>
    <message>
        <source>Amount in yuan</source>
        <translation>Amount in yuan</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ApprovalsView</name>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>Reason for rejecting (required)</source>
        <translation>Reason for rejecting (required)</translation>
    </message>
    <message>
        <source>No refunds are waiting for approval.</source>
        <translation>No refunds are waiting for approval.</translation>
    </message>
    <message>
        <source>Only a manager can approve or reject refunds.</source>
        <translation>Only a manager can approve or reject refunds.</translation>
    </message>
    <message>
        <source>You requested this refund, so another manager must approve it.</source>
        <translation>You requested this refund, so another manager must approve it.</translation>
    </message>
    <message>
        <source>Approving sends the refund to the channel at once.</source>
        <translation>Approving sends the refund to the channel at once.</translation>
    </message>
    <message>
        <source>Select a refund to approve or reject it.</source>
        <translation>Select a refund to approve or reject it.</translation>
    </message>
    <message>
        <source>Approve the refund of %1 for order %2 requested by %3?</source>
        <translation>Approve the refund of %1 for order %2 requested by %3?</translation>
    </message>
    <message>
        <source>Reject the refund of %1 for order %2?</source>
        <translation>Reject the refund of %1 for order %2?</translation>
    </message>
    <message>
        <source>Approve refund</source>
        <translation>Approve refund</translation>
    </message>
    <message>
        <source>Reject refund</source>
        <translation>Reject refund</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::CashierScreen</name>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Cancel this QR</source>
        <translation>Cancel this QR</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Enter the amount, choose WeChat Pay or Alipay, then press Charge or Enter.</source>
        <translation>Enter the amount, choose WeChat Pay or Alipay, then press Charge or Enter.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>Order number</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Creating the QR code…</source>
        <translation>Creating the QR code…</translation>
    </message>
    <message>
        <source>Waiting for the customer to scan and pay…</source>
        <translation>Waiting for the customer to scan and pay…</translation>
    </message>
    <message>
        <source>Result not confirmed yet. Do not hand over the goods; checking again…</source>
        <translation>Result not confirmed yet. Do not hand over the goods; checking again…</translation>
    </message>
    <message>
        <source>Closing the order at the channel…</source>
        <translation>Closing the order at the channel…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Paid
%1
%2</source>
        <translation>Paid
%1
%2</translation>
    </message>
    <message>
        <source>Payment failed
%1</source>
        <translation>Payment failed
%1</translation>
    </message>
    <message>
        <source>Closed
The QR code can no longer be paid.</source>
        <translation>Closed
The QR code can no longer be paid.</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Expired: closing the order…</source>
        <translation>Expired: closing the order…</translation>
    </message>
    <message>
        <source>Expires in %1:%2</source>
        <translation>Expires in %1:%2</translation>
    </message>
    <message numerus="yes">
        <source>Today: %n payment(s), %1 taken, %2 refunded</source>
        <translation>
            <numerusform>Today: %n payment, %1 taken, %2 refunded</numerusform>
            <numerusform>Today: %n payments, %1 taken, %2 refunded</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer pays (simulator)</source>
        <translation>Customer pays (simulator)</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabaseCheck</name>
    <message>
        <source>Connected. The database is ready (schema version %1).</source>
        <translation>Connected. The database is ready (schema version %1).</translation>
    </message>
    <message>
        <source>Cannot use this database: %1</source>
        <translation>Cannot use this database: %1</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabasePage</name>
    <message>
        <source>This is not a database address. Example: %1</source>
        <translation>This is not a database address. Example: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Shared database</source>
        <translation>Shared database</translation>
    </message>
    <message>
        <source>The PostgreSQL server all counters use.</source>
        <translation>The PostgreSQL server all counters use.</translation>
    </message>
    <message>
        <source>Enter the server address, then test the connection. The test also prepares the database&apos;s tables.</source>
        <translation>Enter the server address, then test the connection. The test also prepares the database&apos;s tables.</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>The password is kept in this computer&apos;s settings, encrypted with the console&apos;s master key.</source>
        <translation>The password is kept in this computer&apos;s settings, encrypted with the console&apos;s master key.</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabaseStatusPage</name>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>Engine:</source>
        <translation>Engine:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Location:</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Schema version:</translation>
    </message>
    <message>
        <source>Staff accounts:</source>
        <translation>Staff accounts:</translation>
    </message>
    <message>
        <source>Payments:</source>
        <translation>Payments:</translation>
    </message>
    <message>
        <source>Last event:</source>
        <translation>Last event:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Connected, not migrated</source>
        <translation>Connected, not migrated</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>No staff accounts yet. Create the first administrator with:
paydeskctl user add NAME --role admin</source>
        <translation>No staff accounts yet. Create the first administrator with:
paydeskctl user add NAME --role admin</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::DatabaseTab</name>
    <message>
        <source>This is not a database address. Example: %1</source>
        <translation>This is not a database address. Example: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Saved. PayDesk uses the new database after it restarts.</source>
        <translation>Saved. PayDesk uses the new database after it restarts.</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>In use now</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>PostgreSQL (shared by several counters)</source>
        <translation>PostgreSQL (shared by several counters)</translation>
    </message>
    <message>
        <source>SQLite (kept on this computer)</source>
        <translation>SQLite (kept on this computer)</translation>
    </message>
    <message>
        <source>Switch to a shared PostgreSQL server</source>
        <translation>Switch to a shared PostgreSQL server</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Use this database</source>
        <translation>Use this database</translation>
    </message>
    <message>
        <source>A new database takes effect after PayDesk restarts. The password is stored encrypted with this computer&apos;s master key.</source>
        <translation>A new database takes effect after PayDesk restarts. The password is stored encrypted with this computer&apos;s master key.</translation>
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
        <translation>Some of the information entered is not valid.</translation>
    </message>
    <message>
        <source>The amount is not valid. Enter yuan with at most two decimals, e.g. 12.34.</source>
        <translation>The amount is not valid. Enter yuan with at most two decimals, e.g. 12.34.</translation>
    </message>
    <message>
        <source>The amounts are in different currencies.</source>
        <translation>The amounts are in different currencies.</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>The amount is too large.</translation>
    </message>
    <message>
        <source>A message could not be read: it is malformed.</source>
        <translation>A message could not be read: it is malformed.</translation>
    </message>
    <message>
        <source>A message was too large and was refused.</source>
        <translation>A message was too large and was refused.</translation>
    </message>
    <message>
        <source>The record was not found.</source>
        <translation>The record was not found.</translation>
    </message>
    <message>
        <source>A record with this name already exists.</source>
        <translation>A record with this name already exists.</translation>
    </message>
    <message>
        <source>This request was already made with different details.</source>
        <translation>This request was already made with different details.</translation>
    </message>
    <message>
        <source>This action is not possible in the record&apos;s current state.</source>
        <translation>This action is not possible in the record&apos;s current state.</translation>
    </message>
    <message>
        <source>The record was changed meanwhile. Refresh and try again.</source>
        <translation>The record was changed meanwhile. Refresh and try again.</translation>
    </message>
    <message>
        <source>The database cannot be reached. Check the connection.</source>
        <translation>The database cannot be reached. Check the connection.</translation>
    </message>
    <message>
        <source>The database reported an error.</source>
        <translation>The database reported an error.</translation>
    </message>
    <message>
        <source>The database refused a change that would break its rules.</source>
        <translation>The database refused a change that would break its rules.</translation>
    </message>
    <message>
        <source>The database could not be prepared (migration failed).</source>
        <translation>The database could not be prepared (migration failed).</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>Your role does not allow this action.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>This needs the approval of a second person.</source>
        <translation>This needs the approval of a second person.</translation>
    </message>
    <message>
        <source>A cryptographic operation failed.</source>
        <translation>A cryptographic operation failed.</translation>
    </message>
    <message>
        <source>A key or certificate is not valid.</source>
        <translation>A key or certificate is not valid.</translation>
    </message>
    <message>
        <source>A signature did not verify. Check the merchant keys.</source>
        <translation>A signature did not verify. Check the merchant keys.</translation>
    </message>
    <message>
        <source>The payment channel&apos;s answer was not correctly signed and was ignored.</source>
        <translation>The payment channel&apos;s answer was not correctly signed and was ignored.</translation>
    </message>
    <message>
        <source>A message was signed with an unknown certificate or public key.</source>
        <translation>A message was signed with an unknown certificate or public key.</translation>
    </message>
    <message>
        <source>A message was too old or from the future. Check the computer&apos;s clock.</source>
        <translation>A message was too old or from the future. Check the computer&apos;s clock.</translation>
    </message>
    <message>
        <source>A message could not be decrypted. Check the API key.</source>
        <translation>A message could not be decrypted. Check the API key.</translation>
    </message>
    <message>
        <source>The message belongs to another merchant and was refused.</source>
        <translation>The message belongs to another merchant and was refused.</translation>
    </message>
    <message>
        <source>The amount does not match the order and was refused.</source>
        <translation>The amount does not match the order and was refused.</translation>
    </message>
    <message>
        <source>The order has already been paid.</source>
        <translation>The order has already been paid.</translation>
    </message>
    <message>
        <source>The order has been closed.</source>
        <translation>The order has been closed.</translation>
    </message>
    <message>
        <source>The payment channel does not know this order.</source>
        <translation>The payment channel does not know this order.</translation>
    </message>
    <message>
        <source>The merchant account balance is not enough for this refund.</source>
        <translation>The merchant account balance is not enough for this refund.</translation>
    </message>
    <message>
        <source>The payment channel asks to slow down. Try again shortly.</source>
        <translation>The payment channel asks to slow down. Try again shortly.</translation>
    </message>
    <message>
        <source>The payment channel had a system error. It will be retried.</source>
        <translation>The payment channel had a system error. It will be retried.</translation>
    </message>
    <message>
        <source>The payment channel refused the request.</source>
        <translation>The payment channel refused the request.</translation>
    </message>
    <message>
        <source>The payment channel did not answer in time. The result will be checked again.</source>
        <translation>The payment channel did not answer in time. The result will be checked again.</translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation>The network is not available.</translation>
    </message>
    <message>
        <source>The downloaded bill is damaged (checksum mismatch).</source>
        <translation>The downloaded bill is damaged (checksum mismatch).</translation>
    </message>
    <message>
        <source>An unexpected error occurred.</source>
        <translation>An unexpected error occurred.</translation>
    </message>
    <message>
        <source>The amount is more than what is left to refund.</source>
        <translation>The amount is more than what is left to refund.</translation>
    </message>
    <message>
        <source>Choose a reason for the refund.</source>
        <translation>Choose a reason for the refund.</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::FirstRunWizard</name>
    <message>
        <source>Set up PayDesk</source>
        <translation>Set up PayDesk</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::GeneralTab</name>
    <message>
        <source>Enter an amount in yuan, such as 500 or 500.00.</source>
        <translation>Enter an amount in yuan, such as 500 or 500.00.</translation>
    </message>
    <message>
        <source>After a restart this counter uses the built-in simulator: no real money. The WeChat Pay and Alipay settings in this database are replaced by the simulator&apos;s; to go back you need the key files again. Switch to training mode?</source>
        <translation>After a restart this counter uses the built-in simulator: no real money. The WeChat Pay and Alipay settings in this database are replaced by the simulator&apos;s; to go back you need the key files again. Switch to training mode?</translation>
    </message>
    <message>
        <source>After a restart this counter takes real money. Set up WeChat Pay or Alipay in their tabs before the first sale: until then the cashier cannot charge. Leave training mode?</source>
        <translation>After a restart this counter takes real money. Set up WeChat Pay or Alipay in their tabs before the first sale: until then the cashier cannot charge. Leave training mode?</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>Training mode</translation>
    </message>
    <message>
        <source>Saved. Some changes take effect after PayDesk restarts.</source>
        <translation>Saved. Some changes take effect after PayDesk restarts.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Training mode:</source>
        <translation>Training mode:</translation>
    </message>
    <message>
        <source>Practise with the built-in simulator (no real money)</source>
        <translation>Practise with the built-in simulator (no real money)</translation>
    </message>
    <message>
        <source>This counter is in training mode now. A change takes effect after PayDesk restarts.</source>
        <translation>This counter is in training mode now. A change takes effect after PayDesk restarts.</translation>
    </message>
    <message>
        <source>A change takes effect after PayDesk restarts.</source>
        <translation>A change takes effect after PayDesk restarts.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Shop name on receipts:</source>
        <translation>Shop name on receipts:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>A payment&apos;s refunds above this in total need a manager (¥):</source>
        <translation>A payment&apos;s refunds above this in total need a manager (¥):</translation>
    </message>
    <message>
        <source>Each user&apos;s refunds above this per day need a manager (¥, 0 = no limit):</source>
        <translation>Each user&apos;s refunds above this per day need a manager (¥, 0 = no limit):</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::LockScreen</name>
    <message>
        <source>Enter a user name and password or PIN.</source>
        <translation>Enter a user name and password or PIN.</translation>
    </message>
    <message>
        <source>Enter your password or PIN.</source>
        <translation>Enter your password or PIN.</translation>
    </message>
    <message>
        <source>Only %1 or a manager can unlock this screen.</source>
        <translation>Only %1 or a manager can unlock this screen.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Locked — sign in to continue</source>
        <translation>Locked — sign in to continue</translation>
    </message>
    <message>
        <source>Locked by %1</source>
        <translation>Locked by %1</translation>
    </message>
    <message>
        <source>Manager&apos;s user name</source>
        <translation>Manager&apos;s user name</translation>
    </message>
    <message>
        <source>Password or PIN</source>
        <translation>Password or PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>A manager or admin can take over this counter</source>
        <translation>A manager or admin can take over this counter</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::LoginDialog</name>
    <message>
        <source>Enter your user name and PIN.</source>
        <translation>Enter your user name and PIN.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>Use password</source>
        <translation>Use password</translation>
    </message>
    <message>
        <source>Use PIN</source>
        <translation>Use PIN</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 s.</source>
        <translation>Too many failed attempts. Try again in %1 s.</translation>
    </message>
    <message>
        <source>Sign in - PayDesk</source>
        <translation>Sign in - PayDesk</translation>
    </message>
    <message>
        <source>Sign in to PayDesk</source>
        <translation>Sign in to PayDesk</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>P&amp;IN:</source>
        <translation>P&amp;IN:</translation>
    </message>
    <message>
        <source>4-8 digits</source>
        <translation>4-8 digits</translation>
    </message>
    <message>
        <source>Switch between password and quick PIN sign-in</source>
        <translation>Switch between password and quick PIN sign-in</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::MainWindow</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About PayDesk</source>
        <translation>&amp;About PayDesk</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <source>Database: not connected</source>
        <translation>Database: not connected</translation>
    </message>
    <message>
        <source>About PayDesk</source>
        <translation>About PayDesk</translation>
    </message>
    <message>
        <source>PayDesk %1
A merchant console for WeChat Pay and Alipay QR payments.</source>
        <translation>PayDesk %1
A merchant console for WeChat Pay and Alipay QR payments.</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finance</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>PayDesk (training)</source>
        <translation>PayDesk (training)</translation>
    </message>
    <message>
        <source>PayDesk shop</source>
        <translation>PayDesk shop</translation>
    </message>
    <message>
        <source>Receipt saved as %1</source>
        <translation>Receipt saved as %1</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Payments</translation>
    </message>
    <message>
        <source>Refund approvals</source>
        <translation>Refund approvals</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Training mode: payments go to the built-in simulator. No real money moves.</source>
        <translation>Training mode: payments go to the built-in simulator. No real money moves.</translation>
    </message>
    <message>
        <source>Open the simulator&apos;s page</source>
        <translation>Open the simulator&apos;s page</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>&amp;Sign out</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>S&amp;ettings…</translation>
    </message>
    <message>
        <source>Cashier</source>
        <comment>navigation: the counter</comment>
        <translation>Cashier</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::ModePage</name>
    <message>
        <source>How will this counter work?</source>
        <translation>How will this counter work?</translation>
    </message>
    <message>
        <source>You can change this later in Settings.</source>
        <translation>You can change this later in Settings.</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>Standalone</translation>
    </message>
    <message>
        <source>This computer keeps all the data (SQLite). For a shop with one counter.</source>
        <translation>This computer keeps all the data (SQLite). For a shop with one counter.</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>Shared</translation>
    </message>
    <message>
        <source>Several counters share one PostgreSQL server. Ask your IT contact for its address.</source>
        <translation>Several counters share one PostgreSQL server. Ask your IT contact for its address.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>No real money. A built-in simulated WeChat Pay and Alipay, for learning and practice.</source>
        <translation>No real money. A built-in simulated WeChat Pay and Alipay, for learning and practice.</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentDetailPane</name>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>Processing</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>Refund…</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Notification id</source>
        <translation>Notification id</translation>
    </message>
    <message>
        <source>Refund no.</source>
        <translation>Refund no.</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Failure</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Select a notification to see its headers and body as received.</source>
        <translation>Select a notification to see its headers and body as received.</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Payment not available</source>
        <translation>Payment not available</translation>
    </message>
    <message>
        <source>No payment selected</source>
        <translation>No payment selected</translation>
    </message>
    <message>
        <source>Select a payment in the table to see its history, notifications and refunds.</source>
        <translation>Select a payment in the table to see its history, notifications and refunds.</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>Order %1</translation>
    </message>
    <message>
        <source>paid %1</source>
        <translation>paid %1</translation>
    </message>
    <message>
        <source>cashier %1</source>
        <translation>cashier %1</translation>
    </message>
    <message>
        <source>channel no. %1</source>
        <translation>channel no. %1</translation>
    </message>
    <message>
        <source>Refunded %1 · in progress %2 · refundable %3</source>
        <translation>Refunded %1 · in progress %2 · refundable %3</translation>
    </message>
    <message>
        <source>Your role may not refund.</source>
        <translation>Your role may not refund.</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Refunded after it failed here</source>
        <translation>Refunded after it failed here</translation>
    </message>
    <message>
        <source>The channel reports this refund as paid out although PayDesk had recorded it as failed (%1). Check that the customer was not refunded twice.</source>
        <translation>The channel reports this refund as paid out although PayDesk had recorded it as failed (%1). Check that the customer was not refunded twice.</translation>
    </message>
    <message>
        <source>amount %1</source>
        <translation>amount %1</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentTableModel</name>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Waiting for payment</source>
        <translation>Waiting for payment</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Paid after close</source>
        <translation>Paid after close</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>Partially refunded</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Channel transaction</source>
        <translation>Channel transaction</translation>
    </message>
    <message>
        <source>QR code issued by the channel</source>
        <translation>QR code issued by the channel</translation>
    </message>
    <message>
        <source>Channel notification</source>
        <translation>Channel notification</translation>
    </message>
    <message>
        <source>Status check (background)</source>
        <translation>Status check (background)</translation>
    </message>
    <message>
        <source>Status check (cashier screen)</source>
        <translation>Status check (cashier screen)</translation>
    </message>
    <message>
        <source>Checked with the channel on request</source>
        <translation>Checked with the channel on request</translation>
    </message>
    <message>
        <source>Checked at expiry</source>
        <translation>Checked at expiry</translation>
    </message>
    <message>
        <source>Closed at expiry</source>
        <translation>Closed at expiry</translation>
    </message>
    <message>
        <source>Cancelled by the cashier</source>
        <translation>Cancelled by the cashier</translation>
    </message>
    <message>
        <source>Found paid while cancelling</source>
        <translation>Found paid while cancelling</translation>
    </message>
    <message>
        <source>Refund requested</source>
        <translation>Refund requested</translation>
    </message>
    <message>
        <source>Refund sent to the channel</source>
        <translation>Refund sent to the channel</translation>
    </message>
    <message>
        <source>Refund approved</source>
        <translation>Refund approved</translation>
    </message>
    <message>
        <source>Refund rejected</source>
        <translation>Refund rejected</translation>
    </message>
    <message>
        <source>Refund checked with the channel</source>
        <translation>Refund checked with the channel</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::PaymentsBrowser</name>
    <message>
        <source>Any</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Paid, incl. refunded</source>
        <translation>Paid, incl. refunded</translation>
    </message>
    <message>
        <source>min ¥</source>
        <translation>min ¥</translation>
    </message>
    <message>
        <source>max ¥</source>
        <translation>max ¥</translation>
    </message>
    <message>
        <source>Order no. or channel transaction no.</source>
        <translation>Order no. or channel transaction no.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Jump to oldest</source>
        <translation>Jump to oldest</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>All cashiers</source>
        <translation>All cashiers</translation>
    </message>
    <message>
        <source>“%1” is not an amount in yuan, e.g. 12.50</source>
        <translation>“%1” is not an amount in yuan, e.g. 12.50</translation>
    </message>
    <message>
        <source>No payments match.</source>
        <translation>No payments match.</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) loaded; scroll for more.</source>
        <translation>
            <numerusform>%n payment loaded; scroll for more.</numerusform>
            <numerusform>%n payments loaded; scroll for more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s).</source>
        <translation>
            <numerusform>%n payment.</numerusform>
            <numerusform>%n payments.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export payments</source>
        <translation>Export payments</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>The export failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n payment(s).</source>
        <translation>
            <numerusform>Exported %n payment.</numerusform>
            <numerusform>Exported %n payments.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::ui::Receipt</name>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Payment receipt</source>
        <translation>Payment receipt</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>Order number</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>Partly refunded</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Thank you for your purchase</source>
        <translation>Thank you for your purchase</translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation>REPRINT</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::RefundDialog</name>
    <message>
        <source>Customer request</source>
        <translation>Customer request</translation>
    </message>
    <message>
        <source>Goods returned</source>
        <translation>Goods returned</translation>
    </message>
    <message>
        <source>Wrong amount charged</source>
        <translation>Wrong amount charged</translation>
    </message>
    <message>
        <source>Duplicate payment</source>
        <translation>Duplicate payment</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Refund order %1</source>
        <translation>Refund order %1</translation>
    </message>
    <message>
        <source>%1 is reserved by refunds still in progress.</source>
        <translation>%1 is reserved by refunds still in progress.</translation>
    </message>
    <message>
        <source>e.g. 12.50</source>
        <translation>e.g. 12.50</translation>
    </message>
    <message>
        <source>Optional note (required for “Other”)</source>
        <translation>Optional note (required for “Other”)</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Already refunded</source>
        <translation>Already refunded</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>Refundable</translation>
    </message>
    <message>
        <source>Refund amount (¥)</source>
        <translation>Refund amount (¥)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Enter an amount in yuan with at most two decimals.</source>
        <translation>Enter an amount in yuan with at most two decimals.</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>The amount must be more than zero.</translation>
    </message>
    <message>
        <source>At most %1 can be refunded.</source>
        <translation>At most %1 can be refunded.</translation>
    </message>
    <message>
        <source>Refund %1 of order %2 to the customer&apos;s %3 account?
This cannot be undone.</source>
        <translation>Refund %1 of order %2 to the customer&apos;s %3 account?
This cannot be undone.</translation>
    </message>
    <message>
        <source>Confirm refund</source>
        <translation>Confirm refund</translation>
    </message>
    <message>
        <source>Sending the refund…</source>
        <translation>Sending the refund…</translation>
    </message>
    <message>
        <source>Refunded %1.</source>
        <translation>Refunded %1.</translation>
    </message>
    <message>
        <source>The refund of %1 is waiting for a manager&apos;s approval.</source>
        <translation>The refund of %1 is waiting for a manager&apos;s approval.</translation>
    </message>
    <message>
        <source>The channel refused the refund: %1</source>
        <translation>The channel refused the refund: %1</translation>
    </message>
    <message>
        <source>The refund of %1 was sent; the channel is processing it.</source>
        <translation>The refund of %1 was sent; the channel is processing it.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Mode and language</source>
        <translation>Mode and language</translation>
    </message>
    <message>
        <source>%1
Details: %2</source>
        <translation>%1
Details: %2</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::TrainingAccountsPage</name>
    <message>
        <source>Practice accounts</source>
        <translation>Practice accounts</translation>
    </message>
    <message>
        <source>Training mode: no real money moves.</source>
        <translation>Training mode: no real money moves.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Two more accounts are created, with the same password as the administrator:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;cashier&lt;/b&gt;: takes payments&lt;/li&gt;&lt;li&gt;&lt;b&gt;manager&lt;/b&gt;: approves refunds&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Sign in as them to practise charging and refunding. The built-in simulator plays the customer&apos;s WeChat Pay and Alipay.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Two more accounts are created, with the same password as the administrator:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;cashier&lt;/b&gt;: takes payments&lt;/li&gt;&lt;li&gt;&lt;b&gt;manager&lt;/b&gt;: approves refunds&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Sign in as them to practise charging and refunding. The built-in simulator plays the customer&apos;s WeChat Pay and Alipay.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::WeChatPayTab</name>
    <message>
        <source>New, not saved yet (%1)</source>
        <translation>New, not saved yet (%1)</translation>
    </message>
    <message>
        <source>Set (%1)</source>
        <translation>Set (%1)</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>New, not saved yet</source>
        <translation>New, not saved yet</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Not used</source>
        <translation>Not used</translation>
    </message>
    <message>
        <source>Merchant API certificate (apiclient_cert.pem)</source>
        <translation>Merchant API certificate (apiclient_cert.pem)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <source>Merchant private key (apiclient_key.pem)</source>
        <translation>Merchant private key (apiclient_key.pem)</translation>
    </message>
    <message>
        <source>Keys (*.pem *.key);;All files (*)</source>
        <translation>Keys (*.pem *.key);;All files (*)</translation>
    </message>
    <message>
        <source>APIv3 key file</source>
        <translation>APIv3 key file</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Text files (*.txt);;All files (*)</translation>
    </message>
    <message>
        <source>WeChat Pay platform certificate</source>
        <translation>WeChat Pay platform certificate</translation>
    </message>
    <message>
        <source>%1 (valid until %2)</source>
        <translation>%1 (valid until %2)</translation>
    </message>
    <message>
        <source>WeChat Pay public key (pub_key.pem)</source>
        <translation>WeChat Pay public key (pub_key.pem)</translation>
    </message>
    <message>
        <source>Keys (*.pem);;All files (*)</source>
        <translation>Keys (*.pem);;All files (*)</translation>
    </message>
    <message>
        <source>Saved. Payments now use these settings.</source>
        <translation>Saved. Payments now use these settings.</translation>
    </message>
    <message>
        <source>Training mode: WeChat Pay is the built-in simulator. Nothing here can be changed.</source>
        <translation>Training mode: WeChat Pay is the built-in simulator. Nothing here can be changed.</translation>
    </message>
    <message>
        <source>Merchant ID (mchid):</source>
        <translation>Merchant ID (mchid):</translation>
    </message>
    <message>
        <source>AppID:</source>
        <translation>AppID:</translation>
    </message>
    <message>
        <source>API certificate serial:</source>
        <translation>API certificate serial:</translation>
    </message>
    <message>
        <source>API private key:</source>
        <translation>API private key:</translation>
    </message>
    <message>
        <source>APIv3 key:</source>
        <translation>APIv3 key:</translation>
    </message>
    <message>
        <source>Platform certificates:</source>
        <translation>Platform certificates:</translation>
    </message>
    <message>
        <source>WeChat Pay public key ID:</source>
        <translation>WeChat Pay public key ID:</translation>
    </message>
    <message>
        <source>WeChat Pay public key:</source>
        <translation>WeChat Pay public key:</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API address:</translation>
    </message>
    <message>
        <source>Notify URL:</source>
        <translation>Notify URL:</translation>
    </message>
    <message>
        <source>From certificate…</source>
        <translation>From certificate…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Save WeChat Pay</source>
        <translation>Save WeChat Pay</translation>
    </message>
</context>
</TS>
