#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

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

int bp_idle_cpus(void) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
  int cpus = CPU_COUNT(&allowed);
  // /proc/loadavg: "0.10 0.20 0.30 RUNNING/TOTAL LASTPID"; RUNNING counts the caller.
  FILE *file = fopen("/proc/loadavg", "re");
  if (file == NULL) return cpus - 1;
  double one, five, fifteen;
  int running = 0, total = 0;
  int read = fscanf(file, "%lf %lf %lf %d/%d", &one, &five, &fifteen, &running, &total);
  fclose(file);
  if (read != 5 || running < 1) return cpus - 1;
  int idle = cpus - running;
  return idle > 0 ? idle : 0;
}

int bp_lower_this_thread(int niceness) {
  return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), niceness);
}

int bp_idle_this_thread(void) {
  struct sched_param parameters = {.sched_priority = 0};
  return pthread_setschedparam(pthread_self(), SCHED_IDLE, &parameters) == 0 ? 0 : -1;
}
