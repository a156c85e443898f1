// The release binary links FoundationEssentials, not Foundation: Foundation brings
// CoreFoundation and 35 MB of ICU data, more than the rest of wacon together.
//
// One object in the HTTP server library the sandbox runs on (Hummingbird's URL-encoded form
// coder) names Foundation's `DateFormatter` type, in a date strategy wacon never uses. That one
// reference to the type's descriptor would make the linker take Foundation's DateFormatter,
// and with it Foundation, CoreFoundation and ICU (measured with lld's --why-extract).
//
// In a release build this file defines that name instead. It is never read: wacon decodes no
// URL-encoded form and reflects on none of their strategies. If anything in the program ever
// uses Foundation's DateFormatter itself, the linker takes Foundation's definition as well and
// the release link fails on a duplicate symbol, rather than running with this stand-in.
#if defined(WACON_RELEASE_WITHOUT_FOUNDATION)
__attribute__((used, aligned(4), visibility("hidden")))
const unsigned char waconDateFormatterDescriptorStandIn[64] __asm__("$s10Foundation13DateFormatterCMn") = {0};
#endif
