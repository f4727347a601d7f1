// The console's screens arrive with issue 6; this keeps the static library non-empty.
namespace paydesk::ui { int uiLibraryVersion() { return 1; } }
