// Thread placement the Swift Glibc module does not import (the GNU affinity calls).
#ifndef BPTUTOR_CTHREADS_H
#define BPTUTOR_CTHREADS_H

#include <pthread.h>

/// Sets `attributes` so a thread created with them runs on any CPU the process may use
/// except the one the caller runs on now. Returns 1 when set, 0 when there is no other
/// CPU (or the placement cannot be read); `attributes` is then left as it was.
int bp_attributes_avoiding_this_cpu(pthread_attr_t *attributes);

/// How many of the CPUs the process may use are idle now: their count less the tasks
/// running system-wide (the caller included), from /proc/loadavg; 0 when all are busy.
/// A helper thread started on a busy CPU waits milliseconds for its turn, longer than
/// the work it was to share.
int bp_idle_cpus(void);

/// Lowers the calling thread's priority to `niceness` (Linux schedules threads one by
/// one). Returns 0, or -1 with errno set.
int bp_lower_this_thread(int niceness);

/// Lets the calling thread run only when no other thread wants its CPU (SCHED_IDLE):
/// for work done ahead, which must never delay a key's frame or the terminal showing it.
/// Returns 0, or -1 with errno set.
int bp_idle_this_thread(void);

#endif
