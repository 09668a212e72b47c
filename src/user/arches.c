/*
 * Which guests linux-user runs, and the one it runs now. Each guest's ABI
 * table is user_arch_<name> in src/user/<name>/, expanded from the build's
 * generated guest list; a guest built without one (weak: NULL) is simply
 * not a linux-user guest.
 */
#include <stddef.h>

#include "user/arch.h"

#define GUEST(n) extern const UserArch user_arch_##n __attribute__((weak));
#include "guests.def"
#undef GUEST

static const UserArch *const user_arches[] = {
#define GUEST(n) &user_arch_##n,
#include "guests.def"
#undef GUEST
};

const UserArch *user_arch;

const UserArch *user_arch_for(const GuestArch *g)
{
    for (size_t i = 0; i < sizeof(user_arches) / sizeof(user_arches[0]); i++)
        if (user_arches[i] && user_arches[i]->guest == g)
            return user_arches[i];
    return NULL;
}

bool user_select_arch(const GuestArch *g)
{
    user_arch = user_arch_for(g);
    return user_arch != NULL;
}
