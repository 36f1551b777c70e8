// libsodium from Debian's libsodium-dev: Ed25519 verification (`crypto_sign_verify_detached`),
// which refuses small-order and non-canonical keys and R values itself.
#include <sodium.h>
