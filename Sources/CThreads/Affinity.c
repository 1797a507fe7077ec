#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>

#include "CThreads.h"

int bp_attributes_avoiding_this_cpu(pthread_attr_t *attributes) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
  int current = sched_getcpu();
  if (current < 0 || current >= CPU_SETSIZE) return 0;
  CPU_CLR(current, &allowed);
  if (CPU_COUNT(&allowed) == 0) return 0;
  return pthread_attr_setaffinity_np(attributes, sizeof allowed, &allowed) == 0;
}
