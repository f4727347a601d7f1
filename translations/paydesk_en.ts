<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
</context>
<context>
    <name>paydesk::ui::MainWindow</name>
    <message>
        <source>PayDesk</source>
        <translation>PayDesk</translation>
    </message>
    <message>
        <source>PayDesk merchant console</source>
        <translation>PayDesk merchant console</translation>
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
</context>
</TS>
