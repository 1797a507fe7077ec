// Thread placement the Swift Glibc module does not import (the GNU affinity calls).
#ifndef BPTUTOR_CTHREADS_H
#define BPTUTOR_CTHREADS_H

#include <pthread.h>

/// Sets `attributes` so a thread created with them runs on any CPU the process may use
/// except the one the caller runs on now. Returns 1 when set, 0 when there is no other
/// CPU (or the placement cannot be read); `attributes` is then left as it was.
int bp_attributes_avoiding_this_cpu(pthread_attr_t *attributes);

#endif
