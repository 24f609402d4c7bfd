/* fake libc: see _fake_types.h */
#include <_fake_types.h>
